// The columns every evidence table has: the file's content address in the store and what staff see of it.
import { integer, text } from 'drizzle-orm/pg-core';

/** sha256 (the store's key), content type (by content), size in bytes, the sender's file name. */
export function evidenceFileColumns() {
  return {
    sha256: text('sha256').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    fileName: text('file_name').notNull(),
  };
}
