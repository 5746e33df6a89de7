/** One line of the results table: a figure, what it is compared with, and the target it must meet. */
export interface Row {
  scenario: string;
  figure: string;
  value: number;
  unit: string;
  /** The same figure for the floor measured in the same run, when there is one. */
  floor?: number;
  /** value / floor: for throughput higher is better, for latency, CPU and bytes lower. */
  ratio?: number;
  target: string;
  /** Absent for reference figures without a target of their own (p50s, the ceiling). */
  met?: boolean;
}

/** value / floor, to two decimals. */
export const ratio = (value: number, floor: number) => Math.round((value / floor) * 100) / 100;

const format = (value: number) =>
  Number.isInteger(value) ? value.toLocaleString("en-US") : value.toFixed(2);

export function markdownTable(rows: Row[]): string {
  const lines = [
    "| scenario | figure | value | floor | ratio | target | met |",
    "| --- | --- | ---: | ---: | ---: | --- | :-: |",
    ...rows.map(
      (row) =>
        `| ${row.scenario} | ${row.figure} | ${format(row.value)} ${row.unit} | ${row.floor === undefined ? "" : format(row.floor)} | ${
          row.ratio === undefined ? "" : `${row.ratio.toFixed(2)}×`
        } | ${row.target} | ${row.met === undefined ? "" : row.met ? "yes" : "no"} |`,
    ),
  ];
  return lines.join("\n");
}

const escapeXml = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** A bar per figure with a target: its share of the target (1.0 = exactly on target; past the line = better). */
export function svgChart(allRows: Row[], title: string): string {
  const rows = allRows.filter((row) => row.met !== undefined);
  const width = 900;
  const barArea = 380;
  const left = 440;
  const rowHeight = 26;
  const height = 60 + rows.length * rowHeight;
  const bars = rows.map((row, index) => {
    const score = Math.max(0, Math.min(2, scoreOf(row)));
    const y = 40 + index * rowHeight;
    const barWidth = (score / 2) * barArea;
    const color = row.met ? "#2f855a" : "#c05621";
    return [
      `<text x="${left - 8}" y="${y + 15}" text-anchor="end" font-size="12">${escapeXml(`${row.scenario}: ${row.figure}`)}</text>`,
      `<rect x="${left}" y="${y + 3}" width="${barWidth.toFixed(1)}" height="16" fill="${color}" rx="2"/>`,
      `<text x="${left + barWidth + 6}" y="${y + 15}" font-size="11">${escapeXml(`${format(row.value)} ${row.unit}`)}</text>`,
    ].join("");
  });
  const targetX = left + barArea / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="system-ui, sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="16" y="24" font-size="15" font-weight="600">${escapeXml(title)}</text>
<line x1="${targetX}" y1="34" x2="${targetX}" y2="${height - 10}" stroke="#555" stroke-dasharray="4 3"/>
<text x="${targetX + 4}" y="${height - 12}" font-size="10" fill="#555">target</text>
${bars.join("\n")}
</svg>
`;
}

/** How the figure stands against its target: above 1 is better than the target. */
function scoreOf(row: Row): number {
  const limit = Number(/[\d.]+/.exec(row.target)?.[0] ?? 1);
  if (row.target.startsWith("≥")) return (row.ratio ?? row.value) / limit;
  return limit / Math.max(row.value, 0.001);
}
