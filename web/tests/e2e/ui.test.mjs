// ui.test.mjs - the web UI end to end in headless Chromium against a real
// msup: every role logs in and sees its pages, the forced first password
// change, the lockout message, a unit user cannot reach another unit (not
// found), a campaign from draw to inspection, zero console errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startMsup, launchBrowser, newPage, login, settled, missing } from './harness.mjs';

let srv;
let browser;
const pages = [];
before(async () => {
  srv = await startMsup();
  browser = await launchBrowser();
});
after(async () => {
  if (missing.size) console.log(`# endpoints not in this msup (other features): ${[...missing].join(' ')}`);
  await browser?.close();
  await srv?.stop();
});
async function open(opts) {
  const p = await newPage(browser, srv, opts);
  pages.push(p);
  return p;
}
const acct = (n) => srv.accounts[n];
function noErrors(p) {
  assert.deepEqual(p.errors, [], 'console errors');
}

// menu entry -> expected on the page; each visited and screenshotted
const ROLE_PAGES = {
  county: ['units', 'standards', 'alerts', 'campaigns', 'inspections', 'inspectors', 'import'],
  unit2: ['units', 'standards', 'alerts', 'campaigns'],
  inspector: ['inspections', 'campaigns'],
  secadmin: ['users'],
  auditor: ['audit'],
  sysadmin: ['system'],
};

describe('web UI', () => {
  test('the login page, and the public pages without login', async () => {
    const p = await open();
    await p.goto('/');
    await p.waitForURL(/\/login/);
    await p.waitForSelector('[data-test=login-submit]');
    assert.match(await p.textContent('body'), /计量标准监督检查系统/);
    await p.shot('login');
    await p.goto('/public/complaint');
    await p.waitForSelector('[data-test=complaint-submit]');
    await p.shot('public-complaint');
    noErrors(p);
  });

  for (const [user, menus] of Object.entries(ROLE_PAGES)) {
    test(`${user} logs in and opens its pages`, async () => {
      const p = await open();
      await login(p, user, acct(user).password);
      await settled(p);
      const who = await p.textContent('[data-test=whoami]');
      assert.match(who, new RegExp(user === 'county' ? '监管部门' : user === 'unit2' ? '建标单位' : '.'));
      await p.shot(`${user}-dashboard`);
      for (const m of menus) {
        await p.click(`[data-menu=${m}]`);
        await p.waitForURL(new RegExp(`/${m}$`));
        await settled(p);
        assert.equal(await p.locator('[data-test=not-found]').count(), 0, `${m} is not found for ${user}`);
        assert.equal(await p.locator('[data-state=error]').count(), 0, `${m} shows an error for ${user}`);
        await p.shot(`${user}-${m}`);
      }
      // menu entries of other roles are not shown
      if (user !== 'secadmin') assert.equal(await p.locator('[data-menu=users]').count(), 0);
      noErrors(p);
    });
  }

  test('English is switchable; dates follow the language', async () => {
    const p = await open();
    await login(p, 'county', acct('county').password);
    await p.click('[data-menu=alerts]');
    await settled(p);
    assert.match(await p.textContent('.el-table'), /\d{4}年\d{1,2}月\d{1,2}日/);
    await p.click('[data-test=lang]');
    await p.waitForSelector('text=Alerts');
    assert.match(await p.textContent('.el-table'), /\d{4}-\d{2}-\d{2}/);
    await p.shot('county-alerts-en');
    await p.click('[data-test=lang]');
    noErrors(p);
  });

  test('a unit user cannot reach another unit: the UI says not found', async () => {
    const p = await open();
    p.allow.add(404);
    await login(p, 'unit2', acct('unit2').password);
    const own = await p.evaluate(() => fetch('/api/v1/me').then((r) => r.json()));
    await p.goto(`/units/${own.user.unit_id}`);
    await p.waitForSelector('[data-test=unit-name]');
    // unit1's unit (another jurisdiction's unit)
    const other = own.user.unit_id === 2 ? 3 : 2;
    await p.goto(`/units/${other}`);
    await p.waitForSelector('[data-test=not-found]');
    await p.shot('unit-not-found');
    await p.goto('/users');
    await p.waitForSelector('[data-test=not-found]');
    noErrors(p);
  });

  test('first login forces a password change; repeated failures show the lockout', async () => {
    const p = await open();
    await login(p, 'secadmin', acct('secadmin').password);
    await p.click('[data-menu=users]');
    p.allow.add(422); // the field error shown next to the field
    await p.click('[data-test=new-user]');
    await p.fill('input[name=new-username]', 'webinsp');
    await p.fill('input[name=new-password]', 'Init!Pass-2026x');
    await p.click('[data-test=create-user]');
    // authority/inspector need their authority: the server names the field next to it
    await p.waitForSelector('.el-form-item__error');
    await p.fill('.el-dialog input >> nth=-1', '3');
    await p.click('[data-test=create-user]');
    await p.waitForSelector('text=webinsp');
    await p.click('[data-test=logout]');
    await p.waitForURL(/\/login/);

    await login(p, 'webinsp', 'Init!Pass-2026x').catch(() => {});
    await p.waitForURL(/\/password/);
    await p.fill('input[name=old_password]', 'Init!Pass-2026x');
    await p.fill('input[name=new_password]', 'Work!Pass-2026y');
    await p.fill('input[name=again]', 'Work!Pass-2026y');
    await p.click('[data-test=pw-submit]');
    await p.waitForURL((u) => u.pathname === '/');
    await p.waitForSelector('[data-test=whoami]');
    await p.click('[data-test=logout]');

    p.allow.add(401).add(403).add(423).add(429);
    for (let i = 0; i < 6; i++) {
      await p.goto('/login');
      await p.fill('input[name=username]', 'webinsp');
      await p.fill('input[name=password]', 'wrong-password');
      await p.click('[data-test=login-submit]');
      await p.waitForSelector('[data-test=login-error]');
    }
    const msg = await p.textContent('[data-test=login-error]');
    assert.match(msg, /锁定/);
    await p.shot('login-locked');
    noErrors(p);
  });

  test('a campaign: create, commit, draw with reasons, verify, assign, inspection form on a tablet', async () => {
    const p = await open();
    await login(p, 'county', acct('county').password);
    await p.click('[data-menu=campaigns]');
    await p.click('[data-test=new-campaign]');
    await p.fill('input[name=campaign-name]', '2021年东城区计量标准专项监督检查');
    await p.click('[data-test=create-campaign]');
    await p.waitForSelector('[data-test=campaign-name]');
    await settled(p);
    await p.shot('campaign-settings');
    await p.click('text=抽取');
    await p.fill('input[name=seed]', '2021-06-01 东城 第1轮');
    await p.click('[data-test=commit]');
    await p.waitForSelector('text=已公布摘要');
    await p.click('[data-test=run-draw]');
    await p.waitForURL(/\/draws\/\d+$/);
    await p.waitForSelector('[data-test=draw-items] [data-test=reason]');
    const reasons = await p.locator('[data-test=draw-items] [data-test=reason]').allTextContents();
    assert.ok(reasons.length > 0 && reasons.every((r) => r && r !== '—'), `every pick has a reason: ${reasons}`);
    await p.click('[data-test=verify]');
    await p.waitForSelector('[data-test=verify-result]');
    assert.match(await p.textContent('[data-test=verify-result]'), /复核一致/);
    assert.match(await p.textContent('[data-test=openssl]'), /openssl dgst -sm3 roster\.json/);
    const [dl] = await Promise.all([p.waitForEvent('download'), p.click('[data-test=roster]')]);
    assert.equal(dl.suggestedFilename(), 'roster.json');
    await p.fill('input[name=assign-seed]', '2021-06-02 东城 选派');
    await p.click('[data-test=assign]');
    await p.waitForSelector('[data-test=teams]');
    await p.shot('draw');
    const link = p.locator('[data-test=teams] a').first();
    const href = await link.getAttribute('href');
    assert.match(href, /^\/inspections\/\d+$/);

    // the inspection form on a 1024x768 tablet: no horizontal scrolling
    const t = await open({ viewport: { width: 1024, height: 768 } });
    await login(t, 'county', acct('county').password);
    await t.goto(href);
    await t.waitForSelector('[data-item="1"]');
    await settled(t);
    const overflow = await t.evaluate(() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth);
    assert.ok(overflow <= 0, `horizontal scroll of ${overflow}px on the tablet`);
    await t.shot('inspection-tablet');
    noErrors(t);
    noErrors(p);
  });
});
