const HUES = [12, 38, 145, 190, 220, 262, 300, 340];

/** A person's initials on a colour of their own. */
export function Avatar({ name }: { name: string }) {
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join("");
  const hue = HUES[[...name].reduce((sum, char) => sum + char.charCodeAt(0), 0) % HUES.length];
  return (
    <span className="avatar" aria-hidden="true" style={{ background: `hsl(${hue} 55% 42%)` }}>
      {initials || "?"}
    </span>
  );
}
