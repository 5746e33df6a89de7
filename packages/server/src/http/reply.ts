/** The success envelope of SPEC §2. */
export const ok = <T>(data: T) => ({ success: true as const, data });
