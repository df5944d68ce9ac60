import { el } from '../../../src/browser/dom';
import type { KnowledgeChange, KnowledgeFile } from '../../../src/protocol/http-api';
import { ApiError } from '../api';
import { ago, errorText, type Ctx, type View } from '../context';
import { markdown, withoutFrontMatter } from '../render';

/**
 * The knowledge editor: every file (drafts too), Markdown with a live preview, save with the
 * version it was opened at (a concurrent edit is refused, not lost), rename and delete for
 * admins, each file's history, and a box that shows what the bot would retrieve for a question.
 */
export function knowledgeView(root: HTMLElement, ctx: Ctx, params: URLSearchParams): View {
  let files: KnowledgeFile[] = [];
  let current: (KnowledgeFile & { content: string }) | undefined;
  let isNew = false;
  const isAdmin = ctx.agent.role === 'admin';

  const filterInput = el('input', { type: 'search', placeholder: 'Filter files…', 'aria-label': 'Filter files' });
  const newButton = el('button', { type: 'button', class: 'primary small' }, 'New file');
  const fileList = el('ul', { class: 'file-list', 'aria-label': 'Knowledge files' });

  const pathInput = el('input', {
    type: 'text',
    'aria-label': 'File path',
    placeholder: 'folder/article-name.md',
    spellcheck: 'false',
  });
  const editor = el('textarea', { class: 'editor', 'aria-label': 'Markdown', spellcheck: 'true' });
  const preview = el('div', { class: 'md-preview', 'aria-label': 'Preview', role: 'region' });
  const status = el('p', { class: 'status small', role: 'status' });
  const save = el('button', { type: 'button', class: 'primary' }, 'Save');
  const rename = el('button', { type: 'button' }, 'Rename…');
  const remove = el('button', { type: 'button', class: 'danger' }, 'Delete');
  const changes = el('ol', { class: 'changes small', 'aria-label': 'History' });
  const editorPane = el(
    'section',
    { class: 'editor-pane', hidden: true, 'aria-label': 'Editor' },
    el('div', { class: 'row' }, pathInput, save, isAdmin && rename, isAdmin && remove),
    status,
    el('div', { class: 'panes' }, editor, preview),
    el('h3', {}, 'History'),
    changes,
  );

  const question = el('input', {
    type: 'search',
    placeholder: 'Test a question: what would the bot retrieve?',
    'aria-label': 'Test a question',
  });
  const results = el('ol', { class: 'results', 'aria-label': 'Retrieved passages' });

  root.append(
    el(
      'div',
      { class: 'split' },
      el(
        'section',
        { class: 'files' },
        el('h1', {}, 'Knowledge'),
        el('div', { class: 'row' }, filterInput, newButton),
        fileList,
      ),
      el('div', { class: 'knowledge-main' }, el('section', { class: 'tester' }, question, results), editorPane),
    ),
  );

  async function loadFiles(): Promise<void> {
    try {
      files = (await ctx.api.files()).files;
      renderFiles();
    } catch (err) {
      ctx.toast(errorText(err), 'error');
    }
  }

  function renderFiles(): void {
    const f = filterInput.value.trim().toLowerCase();
    fileList.replaceChildren(
      ...files
        .filter((x) => !f || x.path.toLowerCase().includes(f) || x.title.toLowerCase().includes(f))
        .map((x) => {
          const b = el(
            'button',
            { type: 'button', 'aria-current': current?.path === x.path ? 'true' : undefined },
            el('strong', {}, x.title),
            el('span', { class: 'muted small' }, x.path),
            el(
              'span',
              { class: 'tags' },
              x.draft && el('span', { class: 'tag warn' }, 'draft'),
              el('span', { class: 'tag' }, `${x.chunks} chunks`),
            ),
          );
          b.addEventListener('click', () => void openFile(x.path));
          return el('li', { 'data-path': x.path }, b);
        }),
    );
  }

  async function openFile(path: string): Promise<void> {
    try {
      current = (await ctx.api.file(path)).file;
      isNew = false;
      pathInput.value = current.path;
      pathInput.readOnly = true;
      editor.value = current.content;
      history.replaceState(null, '', `#/knowledge?path=${encodeURIComponent(path)}`);
      showEditor();
      setStatus(
        `Version ${current.version} · ${current.draft ? 'draft, not used by the bot' : `${current.chunks} chunks indexed`} · updated ${ago(current.updatedAt)}`,
      );
      renderFiles();
      void loadChanges();
    } catch (err) {
      ctx.toast(errorText(err), 'error');
    }
  }

  function startNew(path = '', title = ''): void {
    current = undefined;
    isNew = true;
    pathInput.value = path;
    pathInput.readOnly = false;
    editor.value = `---\ntitle: ${title || 'New article'}\n---\n\n${title ? `Write the answer to “${title}” here.\n` : ''}`;
    showEditor();
    setStatus('New file: choose a path under the knowledge folder, write, then save.');
    changes.replaceChildren();
    pathInput.focus();
  }

  function showEditor(): void {
    editorPane.hidden = false;
    rename.hidden = isNew;
    remove.hidden = isNew;
    renderPreview();
  }

  function renderPreview(): void {
    preview.replaceChildren(markdown(withoutFrontMatter(editor.value)));
  }

  function setStatus(text: string, kind: 'ok' | 'error' = 'ok'): void {
    status.textContent = text;
    status.className = `status small ${kind}`;
  }

  async function loadChanges(): Promise<void> {
    if (!current) return;
    const list: KnowledgeChange[] = (await ctx.api.changes(current.path).catch(() => ({ changes: [] }))).changes;
    changes.replaceChildren(
      ...list.map((c) =>
        el(
          'li',
          {},
          el('strong', {}, c.agentName),
          ` ${c.action === 'rename' ? `renamed ${c.from} to ${c.path}` : `${c.action}d`} · `,
          el('time', { datetime: c.at }, new Date(c.at).toLocaleString()),
        ),
      ),
    );
    if (!list.length) changes.append(el('li', { class: 'muted' }, 'No changes through the console yet.'));
  }

  async function doSave(): Promise<void> {
    save.disabled = true;
    try {
      const path = pathInput.value.trim();
      const r = await ctx.api.saveFile(path, editor.value, isNew ? undefined : current?.version);
      ctx.toast(
        `Saved ${r.file.path}: ${r.file.draft ? 'a draft, not used by the bot' : `${r.file.chunks} chunks indexed, live now`}.`,
      );
      await loadFiles();
      await openFile(r.file.path);
    } catch (err) {
      if (err instanceof ApiError && err.error.code === 'version_conflict') {
        setStatus(
          `Not saved: ${err.message} Your text is still here; copy it, reload the file, and apply your change again.`,
          'error',
        );
      } else setStatus(`Not saved: ${errorText(err)}`, 'error');
    } finally {
      save.disabled = false;
    }
  }

  save.addEventListener('click', () => void doSave());
  editor.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      void doSave();
    }
  });
  let previewTimer: ReturnType<typeof setTimeout> | undefined;
  editor.addEventListener('input', () => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(renderPreview, 120);
  });
  rename.addEventListener('click', async () => {
    if (!current) return;
    const to = prompt('New path for this file', current.path);
    if (!to || to === current.path) return;
    try {
      const r = await ctx.api.renameFile(current.path, to.trim(), current.version);
      await loadFiles();
      await openFile(r.file.path);
      ctx.toast(`Renamed to ${r.file.path}.`);
    } catch (err) {
      setStatus(`Not renamed: ${errorText(err)}`, 'error');
    }
  });
  remove.addEventListener('click', async () => {
    if (!current || !confirm(`Delete ${current.path}? The bot stops using it at once.`)) return;
    try {
      await ctx.api.deleteFile(current.path, current.version);
      ctx.toast(`Deleted ${current.path}.`);
      current = undefined;
      editorPane.hidden = true;
      await loadFiles();
    } catch (err) {
      setStatus(`Not deleted: ${errorText(err)}`, 'error');
    }
  });
  newButton.addEventListener('click', () => startNew());
  filterInput.addEventListener('input', renderFiles);

  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  question.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(async () => {
      const q = question.value.trim();
      if (!q) return results.replaceChildren();
      try {
        const r = await ctx.api.search(q);
        results.replaceChildren(
          ...r.results.map((x) =>
            el(
              'li',
              {},
              el(
                'div',
                { class: 'score-bar', role: 'img', 'aria-label': `score ${x.score.toFixed(2)}` },
                el('span', { class: `fill s${Math.round(x.score * 10)}` }),
              ),
              el('strong', {}, x.score.toFixed(2)),
              ' ',
              el('a', { href: `#/knowledge?path=${encodeURIComponent(x.path)}` }, x.path),
              x.heading ? ` › ${x.heading}` : '',
              el('p', { class: 'small muted' }, x.text.slice(0, 240)),
            ),
          ),
        );
        if (!r.results.length)
          results.append(el('li', { class: 'muted' }, 'Nothing found: the bot would say it does not know.'));
      } catch (err) {
        ctx.toast(errorText(err), 'error');
      }
    }, 200);
  });

  void loadFiles().then(() => {
    const path = params.get('path');
    if (path) void openFile(path);
    else if (params.get('new') !== null) startNew(params.get('new') ?? '', params.get('title') ?? '');
  });
  return {
    destroy() {
      clearTimeout(previewTimer);
      clearTimeout(searchTimer);
    },
  };
}
