import { randomBytes, randomUUID } from 'node:crypto';
import type { FileStore, StoredFile } from '../../src/files/file-store';

function record(conversationId: string, over: Partial<StoredFile> = {}): StoredFile {
  return {
    id: randomUUID(),
    conversationId,
    name: 'parcel.jpg',
    type: 'image/jpeg',
    size: 3,
    width: 2,
    height: 1,
    createdAt: new Date().toISOString(),
    from: 'visitor',
    ...over,
  };
}

/** The behaviour every FileStore must have; `make` returns a fresh, empty store. */
export function fileStoreContract(name: string, make: () => Promise<FileStore>, cleanup?: () => Promise<void>): void {
  describe(`FileStore contract: ${name}`, () => {
    let store: FileStore;
    beforeEach(async () => {
      store = await make();
    });
    afterEach(() => store.close());
    if (cleanup) afterAll(cleanup);

    it('keeps a file’s record, its bytes exactly and its thumbnail', async () => {
      const bytes = randomBytes(300_000);
      const f = record('c-1', { size: bytes.length });
      await store.put(f, bytes, Buffer.from('thumb'));
      expect(await store.get(f.id)).toEqual(f);
      expect((await store.read(f.id, 'original'))!.equals(bytes)).toBe(true);
      expect((await store.read(f.id, 'thumbnail'))!.toString()).toBe('thumb');
    });

    it('has no thumbnail for a file put without one, and nothing for an unknown id', async () => {
      const f = record('c-1', { type: 'application/pdf', name: 'label.pdf', width: undefined, height: undefined });
      await store.put(f, Buffer.from('%PDF-1.4'));
      expect(await store.read(f.id, 'thumbnail')).toBeNull();
      expect(await store.get('no-such-file')).toBeNull();
      expect(await store.read('no-such-file', 'original')).toBeNull();
      // Ids that could be paths or key patterns find nothing, and break nothing.
      for (const bad of ['../c-1', '*', f.id.slice(0, 8)]) expect(await store.get(bad)).toBeNull();
    });

    it('deletes one file', async () => {
      const [a, b] = [record('c-2'), record('c-2')];
      await store.put(a, Buffer.from('a'));
      await store.put(b, Buffer.from('b'));
      await store.delete(a.id);
      await store.delete('no-such-file');
      expect(await store.get(a.id)).toBeNull();
      expect(await store.read(a.id, 'original')).toBeNull();
      expect(await store.get(b.id)).toEqual(b);
    });

    it('lists the conversations with files, and deletes every file of some of them', async () => {
      const files = [record('c-3'), record('c-3'), record('c-4'), record('c-5')];
      for (const f of files) await store.put(f, Buffer.from(f.id), Buffer.from('t'));
      expect((await store.conversations()).sort()).toEqual(['c-3', 'c-4', 'c-5']);
      expect(await store.deleteConversations(['c-3', 'c-5', 'c-none'])).toBe(3);
      expect(await store.conversations()).toEqual(['c-4']);
      for (const f of [files[0], files[1], files[3]]) {
        expect(await store.get(f.id)).toBeNull();
        expect(await store.read(f.id, 'thumbnail')).toBeNull();
      }
      expect(await store.get(files[2].id)).toEqual(files[2]);
      expect(await store.deleteConversations([])).toBe(0);
    });
  });
}
