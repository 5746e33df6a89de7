import styles from "./ChannelBadge.module.css";
import { badgeColours } from "./palette.ts";

/** The channel a message went through, by its display name (SPEC §8). */
export function ChannelBadge({ name, colourKey }: { name: string; colourKey: string }) {
  const colours = badgeColours(colourKey);
  return (
    <span className={styles.badge} style={colours}>
      {name || "Unknown channel"}
    </span>
  );
}
