// router.js - every page, lazy-loaded except the login; META.roles lists who
// may open a page (the menu shows the same); META.public pages need no login.
import { createRouter, createWebHistory } from 'vue-router';
import { session, restore } from './session.js';
import Login from './views/Login.vue';

const A = 'authority', U = 'unit', I = 'inspector';
const BUSINESS = [A, U, I];

export const menu = [
  { name: 'dashboard', icon: 'House', roles: ['sysadmin', 'secadmin', 'auditor', A, U, I] },
  { group: 'registry', items: [
    { name: 'units', roles: BUSINESS }, { name: 'standards', roles: BUSINESS },
    { name: 'alerts', roles: [A, U] }, { name: 'import', roles: [A] } ] },
  { group: 'work', items: [
    { name: 'campaigns', roles: BUSINESS }, { name: 'inspections', roles: BUSINESS },
    { name: 'inspectors', roles: [A] }, { name: 'checks', roles: [A] } ] },
  { group: 'results', items: [
    { name: 'findings', roles: [A, U] }, { name: 'dispositions', roles: [A] },
    { name: 'complaints', roles: [A] }, { name: 'risk', roles: [A] }, { name: 'reports', roles: [A] } ] },
  { group: 'admin', items: [
    { name: 'users', roles: ['secadmin'] }, { name: 'audit', roles: ['auditor'] }, { name: 'system', roles: ['sysadmin'] } ] },
];

const v = (f) => () => import(`./views/${f}.vue`);
const page = (path, name, file, roles = BUSINESS) => ({ path, name, component: v(file), meta: { roles } });

export const routes = [
  { path: '/login', name: 'login', component: Login, meta: { public: true } },
  { path: '/public/complaint', name: 'pubComplaint', component: v('PublicComplaint'), meta: { public: true } },
  { path: '/public/results', name: 'pubResults', component: v('PublicResults'), meta: { public: true } },
  { path: '/password', name: 'password', component: v('ChangePassword'), meta: { any: true } },
  {
    path: '/',
    component: v('Layout'),
    children: [
      { path: '', name: 'dashboard', component: v('Dashboard'), meta: { any: true } },
      page('units', 'units', 'Units'),
      page('units/:id(\\d+)', 'unit', 'UnitDetail'),
      page('standards', 'standards', 'Standards'),
      page('standards/:id(\\d+)', 'standard', 'StandardDetail'),
      page('alerts', 'alerts', 'Alerts', [A, U]),
      page('import', 'import', 'Import', [A]),
      page('campaigns', 'campaigns', 'Campaigns'),
      page('campaigns/:id(\\d+)', 'campaign', 'CampaignDetail'),
      page('campaigns/:id(\\d+)/self-checks/:unit(\\d+)', 'selfcheck', 'SelfCheck'),
      page('draws/:id(\\d+)', 'draw', 'Draw', [A, I]),
      page('inspections', 'inspections', 'Inspections'),
      page('inspections/:id(\\d+)', 'inspection', 'Inspection'),
      page('inspectors', 'inspectors', 'Inspectors', [A]),
      page('findings', 'findings', 'Findings', [A, U]),
      page('dispositions', 'dispositions', 'Dispositions', [A]),
      page('complaints', 'complaints', 'Complaints', [A]),
      page('risk', 'risk', 'Risk', [A]),
      page('checks', 'checks', 'Checks', [A]),
      page('reports', 'reports', 'Reports', [A]),
      page('users', 'users', 'Users', ['secadmin']),
      page('audit', 'audit', 'Audit', ['auditor']),
      page('system', 'system', 'System', ['sysadmin']),
      { path: ':rest(.*)*', name: 'notfound', component: v('NotFound'), meta: { any: true } },
    ],
  },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  session.notFound = false;
  if (to.meta.public) return true;
  if (!session.ready) await restore();
  if (!session.user) return { name: 'login', query: { next: to.fullPath } };
  if (session.mustChange && to.name !== 'password') return { name: 'password' };
  const roles = to.meta.roles;
  // a page not meant for this role is "not found", like an object out of reach
  if (roles && !roles.includes(session.user.role)) session.notFound = true;
  return true;
});
