import sharp from 'sharp';

/**
 * A phone photo as phones send them: JPEG, stored sideways with EXIF orientation 6 (turn right),
 * and EXIF naming the camera and its owner. 200 × 100 as stored, 100 × 200 upright.
 */
export async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 200, height: 100, channels: 3, background: '#3366cc' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'PhoneMaker', Model: 'Phone 12', Artist: 'Ada Lovelace', Copyright: 'Ada Lovelace' },
    })
    .toBuffer();
}

export async function pngImage(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: '#ff0000' } })
    .png()
    .toBuffer();
}

/** A one-page PDF, as small as one can be and still open. */
export function tinyPdf(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );
}
