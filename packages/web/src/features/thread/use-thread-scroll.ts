import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";

// Within this many pixels of the end counts as "at the latest message".
const AT_BOTTOM_PX = 48;
// Start fetching older history this far before the top is reached.
const LOAD_OLDER_PX = 400;

/**
 * Keeps the thread's scroll where a reader expects it: at the end when they are there, exactly in
 * place when older history is added above (measured from the bottom, so nothing jumps), and counts
 * what arrived below while they read further up.
 */
export function useThreadScroll(
  scroller: RefObject<HTMLDivElement | null>,
  content: RefObject<HTMLDivElement | null>,
  first: string | null,
  last: string | null,
  onNearTop: () => void,
) {
  const fromBottom = useRef(0);
  const previous = useRef<{ first: string | null; last: string | null } | null>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [unseen, setUnseen] = useState(0);
  const nearTop = useRef(onNearTop);
  nearTop.current = onNearTop;

  const measure = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    fromBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight;
    const bottom = fromBottom.current <= AT_BOTTOM_PX;
    setAtBottom(bottom);
    if (bottom) setUnseen(0);
    if (element.scrollTop < LOAD_OLDER_PX) nearTop.current();
  }, [scroller]);

  const scrollToEnd = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    element.scrollTop = element.scrollHeight;
    fromBottom.current = 0;
    setAtBottom(true);
    setUnseen(0);
  }, [scroller]);

  useLayoutEffect(() => {
    const element = scroller.current;
    const before = previous.current;
    previous.current = { first, last };
    if (!element || last === null) return;
    if (!before || before.last === null) {
      scrollToEnd();
    } else if (first !== before.first && last === before.last) {
      element.scrollTop = element.scrollHeight - element.clientHeight - fromBottom.current;
    } else if (last !== before.last) {
      if (fromBottom.current <= AT_BOTTOM_PX) scrollToEnd();
      else setUnseen((count) => count + 1);
    }
    // Too little history to scroll yet: keep loading until there is, or there is no more.
    if (element.scrollHeight <= element.clientHeight + LOAD_OLDER_PX) nearTop.current();
  }, [first, last, scroller, scrollToEnd]);

  // Growth at the end (typing indicator, a failure note, a resized window) keeps a reader at the end there.
  useEffect(() => {
    const element = content.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      const box = scroller.current;
      if (!box) return;
      if (fromBottom.current <= AT_BOTTOM_PX) box.scrollTop = box.scrollHeight;
      else fromBottom.current = box.scrollHeight - box.scrollTop - box.clientHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [content, scroller]);

  return { measure, scrollToEnd, atBottom, unseen };
}
