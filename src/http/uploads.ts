import multipart, { type FastifyMultipartBaseOptions } from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { basename } from 'node:path';

/** A file sent with a form, read whole into memory. */
export interface UploadedFile {
  fileName: string;
  bytes: Uint8Array;
  /** Cut short at the size limit. */
  isTooLarge: boolean;
}

/**
 * Multipart forms for the routes of `scope` only (register it in a scope of
 * its own): each file is read whole into memory and joins the body under
 * its field name as an UploadedFile. For files small enough to hold (plans,
 * the schools register); figures files are streamed to disk instead (imports).
 */
export async function acceptFilesInMemory(
  scope: FastifyInstance,
  limits: NonNullable<FastifyMultipartBaseOptions['limits']>,
): Promise<void> {
  await scope.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits,
    async onFile(part) {
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      const file: UploadedFile = {
        fileName: basename(part.filename ?? ''),
        bytes: new Uint8Array(Buffer.concat(chunks)),
        isTooLarge: part.file.truncated,
      };
      (part as unknown as { value: unknown }).value = file;
    },
  });
}
