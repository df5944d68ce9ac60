// The part of pdf.js's legacy build the PDF importer uses (its own types need ESM resolution).
declare module 'pdfjs-dist/legacy/build/pdf.mjs' {
  export interface TextItem {
    str: string;
    /** [scaleX, skewY, skewX, scaleY, x, y] */
    transform: number[];
    height: number;
    hasEOL: boolean;
  }
  export interface PdfPage {
    getTextContent(): Promise<{ items: (TextItem | { type: string })[] }>;
  }
  export interface PdfDocument {
    numPages: number;
    getPage(n: number): Promise<PdfPage>;
    getMetadata(): Promise<{ info?: { Title?: string } }>;
    destroy(): Promise<void>;
  }
  export function getDocument(params: {
    data: Uint8Array;
    isEvalSupported?: boolean;
    disableFontFace?: boolean;
    useSystemFonts?: boolean;
    verbosity?: number;
  }): { promise: Promise<PdfDocument> };
}
