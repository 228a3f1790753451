/** Cancelling a job this big asks first: one stray click should not throw away a long run. */
export const CONFIRM_CANCEL_ABOVE = 100;
