import { ChatIcon } from "../../ui/icons.tsx";
import { EmptyState } from "../../ui/Notice.tsx";

export function NoThreadSelected() {
  return (
    <EmptyState icon={<ChatIcon size={26} />} title="Pick a conversation">
      <p>Choose a client on the left to read the whole conversation, across every channel, and reply.</p>
    </EmptyState>
  );
}
