/** "‹ 2/3 ›": which answer of a turn is shown, and the buttons to the others. */
export function VariantNav(props: { shown: number; count: number; onShow: (index: number) => void }) {
  return (
    <span
      class="variant-nav"
      role="group"
      aria-label="Answers to this question"
      data-testid="variant-nav"
      data-shown={props.shown + 1}
      data-count={props.count}
    >
      <button
        type="button"
        class="link"
        aria-label="Previous answer"
        data-testid="variant-prev"
        disabled={props.shown <= 0}
        onClick={() => props.onShow(props.shown - 1)}
      >
        ‹
      </button>
      <span aria-live="polite" data-testid="variant-position">
        <span aria-hidden="true">
          {props.shown + 1}/{props.count}
        </span>
        <span class="sr-only">
          Answer {props.shown + 1} of {props.count}
        </span>
      </span>
      <button
        type="button"
        class="link"
        aria-label="Next answer"
        data-testid="variant-next"
        disabled={props.shown >= props.count - 1}
        onClick={() => props.onShow(props.shown + 1)}
      >
        ›
      </button>
    </span>
  );
}
