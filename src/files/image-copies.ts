import type { AttachmentType } from '../protocol/dto';
import { AppError } from '../errors';

/** Longest side of a thumbnail, in pixels (twice the widget's display size, for sharp screens). */
const THUMBNAIL_PX = 480;
/** Largest picture decoded: a small file that unpacks to billions of pixels is refused. */
const MAX_PIXELS = 50_000_000;

export interface ImageCopies {
  /** The picture as sent, turned upright, re-encoded without any metadata (place, camera, owner). */
  data: Buffer;
  thumbnail: Buffer;
  width: number;
  height: number;
}

/**
 * Re-encodes a photo in its own format: EXIF (GPS position, camera serial), XMP, IPTC and ICC
 * comments are dropped, since the encoder writes only pixels unless told otherwise; EXIF
 * orientation is applied first so the picture stays upright without it. A file that does not
 * decode is refused. sharp loads on first use: servers that never receive a photo never load it.
 */
export async function imageCopies(input: Buffer, type: AttachmentType): Promise<ImageCopies> {
  const { default: sharp } = await import('sharp');
  const open = () =>
    sharp(input, { limitInputPixels: MAX_PIXELS, animated: type === 'image/gif' || type === 'image/webp' });
  try {
    const upright = open().rotate();
    const encoded =
      type === 'image/jpeg'
        ? upright.jpeg({ quality: 88, mozjpeg: true })
        : type === 'image/png'
          ? upright.png()
          : type === 'image/gif'
            ? upright.gif()
            : upright.webp({ quality: 88 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(input, { limitInputPixels: MAX_PIXELS })
      .rotate()
      .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    return { data, thumbnail, width: info.width, height: info.pageHeight ?? info.height };
  } catch (err) {
    throw new AppError(
      'unsupported_file_type',
      'This picture could not be read. Send a JPEG, PNG, GIF or WebP photo.',
      {
        cause: err,
      },
    );
  }
}
