// While a lightbox is open the page behind it stays put, as with Shoelace's and most sites' modals:
// the root element stops scrolling, and the scrollbar's width becomes padding so nothing shifts
// sideways. Counted, so two feeds on one page share the lock; every release restores the page's own
// inline styles exactly.
let holders = 0;
let saved: { overflow: string; paddingRight: string } | undefined;

/** Locks page scrolling; call the returned function (once is enough, more is harmless) to release. */
export function lockPageScroll(): () => void {
  const root = document.documentElement;
  if (holders++ === 0) {
    const scrollbar = window.innerWidth - root.clientWidth;
    saved = { overflow: root.style.overflow, paddingRight: root.style.paddingRight };
    if (scrollbar > 0) root.style.paddingRight = `calc(${getComputedStyle(root).paddingRight} + ${scrollbar}px)`;
    root.style.overflow = 'hidden';
  }
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    if (--holders === 0 && saved) {
      root.style.overflow = saved.overflow;
      root.style.paddingRight = saved.paddingRight;
      saved = undefined;
    }
  };
}
