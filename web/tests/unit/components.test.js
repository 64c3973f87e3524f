import { describe, it, expect } from 'vitest';
import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { i18n } from '../../src/i18n.js';
import ListState from '../../src/components/ListState.vue';
import VerdictItem from '../../src/components/VerdictItem.vue';

const global = { plugins: [i18n, ElementPlus] };

describe('ListState', () => {
  it('shows loading, error with retry, empty, and the content', async () => {
    let w = mount(ListState, { props: { loading: true, empty: true }, slots: { default: '<p class="c">rows</p>' }, global });
    expect(w.find('[data-state="loading"]').exists()).toBe(true);
    w = mount(ListState, { props: { error: { message: '服务器错误' }, empty: true }, global });
    expect(w.find('[data-state="error"]').text()).toContain('服务器错误');
    await w.find('button').trigger('click');
    expect(w.emitted('retry')).toHaveLength(1);
    w = mount(ListState, { props: { empty: true }, global });
    expect(w.find('[data-state="empty"]').exists()).toBe(true);
    w = mount(ListState, { props: { empty: false }, slots: { default: '<p class="c">rows</p>' }, global });
    expect(w.find('.c').text()).toBe('rows');
  });
});

describe('VerdictItem', () => {
  const item = { no: 3, key: true, section: '证书', section_en: 'Certificate', text: '证书有效', text_en: 'Valid' };
  it('emits the chosen verdict and the note, keeping the other field', async () => {
    const w = mount(VerdictItem, { props: { item, modelValue: { verdict: null, note: 'n' } }, global });
    expect(w.text()).toContain('证书有效');
    await w.find('[data-verdict="nonconform"]').trigger('click');
    expect(w.emitted('update:modelValue')[0][0]).toEqual({ verdict: 'nonconform', note: 'n' });
    await w.find('textarea').setValue('缺少证书');
    expect(w.emitted('update:modelValue')[1][0]).toEqual({ verdict: null, note: '缺少证书' });
  });
  it('is read-only when asked', () => {
    const w = mount(VerdictItem, { props: { item, modelValue: { verdict: 'conform' }, readonly: true }, global });
    expect(w.find('[data-verdict="conform"]').attributes('disabled')).toBeDefined();
  });
});
