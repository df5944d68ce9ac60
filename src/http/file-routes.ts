import { type Request, Router } from 'express';
import type { AuthService } from '../agents/auth-service';
import { AppError } from '../errors';
import type { Attachments } from '../files/attachments';
import { isImage } from '../files/file-type';
import { fileUploadHeadersSchema, idSchema } from '../protocol/schemas';
import type { VisitorTokens } from '../visitors/visitor-tokens';
import { asyncRoute } from './error-middleware';
import { partyOf } from './party';
import { parseInput } from './validate';

/**
 * Photos and files: `POST /conversations/{id}/files` (the raw bytes; `X-File-Name` and
 * `X-Client-Message-Id` headers) sends one as a message, from the conversation's visitor or an
 * agent; `GET /files/{id}` and `/files/{id}/thumbnail` serve it to them only. Served files can
 * never run: their type is the one found in their content, sniffing is off, a sandbox CSP
 * applies, and anything but a photo is an attachment to save.
 */
export function fileRoutes(attachments: Attachments, auth: AuthService, tokens: VisitorTokens): Router {
  const router = Router();
  router.post(
    '/conversations/:conversationId/files',
    asyncRoute(async (req, res) => {
      const party = await partyOf(req, auth, tokens);
      const conversationId = parseInput(idSchema, req.params.conversationId, 'conversation id');
      const headers = parseInput(
        fileUploadHeadersSchema,
        { name: req.get('x-file-name'), clientMessageId: req.get('x-client-message-id') },
        'headers',
      );
      const message = await attachments.upload(party, {
        conversationId,
        clientMessageId: headers.clientMessageId,
        name: headers.name,
        body: (maxBytes) => readBody(req, maxBytes),
      });
      res.status(201).json({ message });
    }),
  );
  for (const [route, variant] of [
    ['/files/:fileId', 'original'],
    ['/files/:fileId/thumbnail', 'thumbnail'],
  ] as const) {
    router.get(
      route,
      asyncRoute(async (req, res) => {
        const party = await partyOf(req, auth, tokens);
        const fileId = parseInput(idSchema, req.params.fileId, 'file id');
        const { file, data } = await attachments.open(party, fileId, variant);
        const type = variant === 'thumbnail' ? 'image/webp' : file.type;
        res.setHeader('Content-Type', type === 'text/plain' ? 'text/plain; charset=utf-8' : type);
        res.setHeader('Content-Length', String(data.length));
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
        res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
        const disposition = isImage(file.type) ? 'inline' : 'attachment';
        res.setHeader('Content-Disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.name)}`);
        // Files never change; only the two parties may hold a copy.
        res.setHeader('Cache-Control', 'private, max-age=86400, immutable');
        res.end(data);
      }),
    );
  }
  return router;
}

/**
 * The request's bytes, refused as soon as they pass `maxBytes` (by Content-Length before any
 * is read): a visitor cannot make the server hold more than one file's worth.
 */
function readBody(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) return Promise.reject(tooLarge(req, maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners('data');
        reject(tooLarge(req, maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', () => reject(new AppError('invalid_request', 'The upload was cut short.')));
  });
}

function tooLarge(req: Request, maxBytes: number): AppError {
  // The rest of the upload is not worth reading: the connection closes after the answer.
  req.res?.setHeader('Connection', 'close');
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  return new AppError('file_too_large', `The file is too large (at most ${mb} MB).`);
}
