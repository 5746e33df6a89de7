/** A stable colour per name (avatars, channel badges); every pair passes WCAG AA for its text. */
const AVATAR_COLOURS = [
  "#3b46c4",
  "#0f6e5c",
  "#9c2f6b",
  "#8a4b08",
  "#1f5f99",
  "#6a3bb5",
  "#a12c2c",
  "#2f6b3a",
];

const BADGE_COLOURS: Array<{ background: string; color: string }> = [
  { background: "#dff5e8", color: "#0d5c36" },
  { background: "#e3ecfd", color: "#1d4a9e" },
  { background: "#fbe8f1", color: "#8b1f52" },
  { background: "#fdf0d5", color: "#7a3a07" },
  { background: "#ece6fb", color: "#5027a0" },
  { background: "#e0f4f7", color: "#0c5663" },
];

/** FNV-1a: spreads similar keys (uids differing in a few characters) over the palette. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (const char of text) value = Math.imul(value ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return value;
}

export const avatarColour = (key: string) => AVATAR_COLOURS[hash(key) % AVATAR_COLOURS.length] ?? "#3b46c4";

export const badgeColours = (key: string) =>
  BADGE_COLOURS[hash(key) % BADGE_COLOURS.length] ?? { background: "#e3ecfd", color: "#1d4a9e" };

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words.at(-1)] : [words[0]];
  return (
    letters
      .map((word) => (word ? [...word][0] : ""))
      .join("")
      .toUpperCase() || "?"
  );
}
