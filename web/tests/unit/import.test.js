// import.test.js - the import page speaks POST /imports as the server does:
// multipart kind + file, ?partial=1, and shows the row errors of a 422.
import { describe, it, expect, beforeEach } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { i18n } from '../../src/i18n.js';
import { configure } from '../../src/api.js';
import Import from '../../src/views/Import.vue';

const global = { plugins: [i18n, ElementPlus], stubs: { 'router-link': true } };

describe('Import page', () => {
  let calls;
  beforeEach(() => {
    calls = [];
    configure({ csrf: 'tok', lang: 'zh-CN', onUnauthorized: null, onNotFound: null, fetch: async (url, init) => (calls.push({ url, init }), calls.next()) });
  });

  it('sends kind, file and partial; lists the rejected rows of a refused import', async () => {
    const report = {
      id: 4, kind: 'units', rows: 2, accepted: 0, rejected: 1, partial: false, written: false,
      errors: [{ row: 3, field: 'uscc', code: 'invalid_uscc_check', message: '统一社会信用代码校验码错误' }],
      warnings: [],
      error: { code: 'invalid_uscc_check', message: '统一社会信用代码校验码错误', field: 'uscc' },
    };
    calls.next = () => new Response(JSON.stringify(report), { status: 422, headers: { 'content-type': 'application/json' } });
    const w = mount(Import, { global });
    const input = w.find('input[type="file"]');
    Object.defineProperty(input.element, 'files', { value: [new File(['uscc\n'], 'u.csv', { type: 'text/csv' })] });
    await input.trigger('change');
    await w.find('.el-checkbox input').setValue(true);
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('/api/v1/imports?partial=1');
    expect(calls[0].init.method).toBe('POST');
    expect(calls[0].init.body.get('kind')).toBe('units');
    expect(calls[0].init.body.get('file').name).toBe('u.csv');
    const table = w.find('[data-test="import-errors"]');
    expect(table.exists()).toBe(true);
    expect(table.text()).toContain('uscc');
    expect(table.text()).toContain('统一社会信用代码校验码错误');
  });
});
