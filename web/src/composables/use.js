// use.js - the small pieces every page shares: a paged list with its
// loading / error state, a loaded object, and a form whose server errors are
// shown next to the field they name.
import { reactive, ref, watch } from 'vue';
import { ElMessage } from 'element-plus';
import { api, ApiError } from '../api.js';

/** A paged list of PATH; FILTERS is a reactive object sent as the query. */
export function useList(path, filters = reactive({}), { perPage = 20, immediate = true } = {}) {
  const s = reactive({ items: [], total: 0, page: 1, perPage, loading: false, error: null, body: null });
  let seq = 0;
  async function load() {
    const mine = ++seq;
    s.loading = true;
    s.error = null;
    try {
      const p = typeof path === 'function' ? path() : path;
      const body = await api.get(p, { query: { ...filters, page: s.page, per_page: s.perPage } });
      if (mine !== seq) return;
      s.body = body;
      s.items = body.items || [];
      s.total = body.total ?? s.items.length;
    } catch (e) {
      if (mine !== seq) return;
      s.error = e;
      s.items = [];
    } finally {
      if (mine === seq) s.loading = false;
    }
  }
  function search() {
    s.page = 1;
    load();
  }
  watch(() => s.page, load);
  if (immediate) load();
  return { list: s, load, search };
}

/** One object from FN() (a promise); a 404 on it is the page's not-found. */
export function useLoad(fn, { immediate = true } = {}) {
  const data = ref(null);
  const loading = ref(false);
  const error = ref(null);
  async function load() {
    loading.value = true;
    error.value = null;
    try {
      data.value = await fn();
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }
  if (immediate) load();
  return { data, loading, error, load };
}

/**
 * A form: errors[field] holds the server's message for that field (bind it
 * to el-form-item :error); run(fn) clears them, runs FN and maps a failure to
 * its field, or shows it as a message when it names none.
 */
export function useForm() {
  const errors = reactive({});
  const busy = ref(false);
  async function run(fn) {
    for (const k of Object.keys(errors)) delete errors[k];
    busy.value = true;
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ApiError && e.field) {
        errors[e.field] = e.message;
        // also show it when the form has no item for that field
        ElMessage.error(e.message);
      } else ElMessage.error(e?.message || String(e));
      return undefined;
    } finally {
      busy.value = false;
    }
  }
  return { errors, busy, run };
}
