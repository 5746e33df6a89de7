import styles from "./Avatar.module.css";
import { avatarColour, initials } from "./palette.ts";

export function Avatar({ name, colourKey, size = 40 }: { name: string; colourKey: string; size?: number }) {
  return (
    <span
      className={styles.avatar}
      style={{ width: size, height: size, fontSize: size * 0.38, background: avatarColour(colourKey) }}
      aria-hidden="true"
    >
      {initials(name)}
    </span>
  );
}
