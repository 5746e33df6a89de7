import type { Pagination } from "@tandem/contract";

/** A list's `pagination`, from the page asked for (SPEC §2). */
export const pagination = (query: { page?: number; per_page?: number }, total: number): Pagination => ({
  page: query.page ?? 1,
  per_page: query.per_page ?? 25,
  total,
});
