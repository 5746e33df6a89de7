import type { Attachment } from "@tandem/contract";
import { formatBytes } from "../../ui/format.ts";
import { FileIcon } from "../../ui/icons.tsx";
import styles from "./Attachments.module.css";

const nameOf = (attachment: Attachment) => {
  if (attachment.name) return attachment.name;
  try {
    return decodeURIComponent(new URL(attachment.url).pathname.split("/").pop() || "") || "Attachment";
  } catch {
    return "Attachment";
  }
};

const isImage = (attachment: Attachment) =>
  attachment.content_type?.toLowerCase().startsWith("image/") === true;

/** Images as previews in a box of fixed size (so loading them moves nothing), other files as links. */
export function Attachments({ attachments }: { attachments: Attachment[] }) {
  if (attachments.length === 0) return null;
  return (
    <ul className={styles.list}>
      {attachments.map((attachment, index) => {
        const name = nameOf(attachment);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: attachments are a fixed list; the same URL may repeat
          <li key={index}>
            {isImage(attachment) ? (
              <a className={styles.image} href={attachment.url} target="_blank" rel="noopener noreferrer">
                <img src={attachment.url} alt={name} loading="lazy" width={240} height={180} />
              </a>
            ) : (
              <a className={styles.file} href={attachment.url} target="_blank" rel="noopener noreferrer">
                <FileIcon size={18} />
                <span className={styles.fileName}>{name}</span>
                {attachment.size !== undefined ? (
                  <span className={styles.fileSize}>{formatBytes(attachment.size)}</span>
                ) : null}
              </a>
            )}
          </li>
        );
      })}
    </ul>
  );
}
