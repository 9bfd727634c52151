// pages.mjs - one scenario of the web pages in a real headless chromium
//
// usage: node pages.mjs BASE SCENARIO ARTIFACT_DIR
// Environment: PLAYWRIGHT_CORE (the playwright-core package directory) and
// CHROMIUM (the browser binary).  Exits 0 when every check of the scenario
// holds; otherwise prints what failed and exits 1.  Screenshots of each
// step go to ARTIFACT_DIR.
import { pathToFileURL } from "node:url";
import { mkdirSync } from "node:fs";
import path from "node:path";

const [base, scenario, artifacts] = process.argv.slice(2);
const { chromium } = await import(
  pathToFileURL(path.join(process.env.PLAYWRIGHT_CORE, "index.mjs")).href);

function check(condition, what) {
  if (!condition) throw new Error("check failed: " + what);
}

function equal(actual, expected, what) {
  check(actual === expected,
    `${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

// The response fields the page shows, as a name -> value map (lower case).
async function shownFields(page) {
  const rows = await page.locator("#result-headers tbody tr").all();
  const fields = {};
  for (const row of rows) {
    const cells = await row.locator("td").allTextContents();
    fields[cells[0].toLowerCase()] = cells[1];
  }
  return fields;
}

// Opens a code's page, presses Send and waits for the answer to show.
async function send(page, code, fill = {}) {
  await page.goto(`${base}/codes/${code}`);
  for (const [id, value] of Object.entries(fill)) await page.fill(`#${id}`, value);
  await page.click("#send-button");
  await page.waitForFunction(() => {
    const s = document.getElementById("result-status").textContent;
    return s && s !== "Sending…";
  });
  return {
    status: await page.textContent("#result-status"),
    note: await page.textContent("#result-note"),
    body: await page.textContent("#result-body"),
    fields: await shownFields(page),
  };
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(artifacts, `${scenario}-${name}.png`),
                          fullPage: true });
}

const scenarios = {
  // The index, the filter, the 511 page and its Send button.
  async "index-511"(page) {
    await page.goto(base + "/");
    const all = await page.locator("ul.codes li").count();
    check(all >= 89, `the index lists every code (${all})`);
    await page.fill("#filter", "511");
    const visible = page.locator("ul.codes li:visible");
    equal(await visible.count(), 1, "codes left by the filter");
    equal(await visible.getAttribute("data-code"), "511", "the code left");
    await shot(page, "filtered");
    await visible.locator("a").click();
    await page.waitForURL(`${base}/codes/511`);
    equal(await page.textContent("h1"), "511 Network Authentication Required", "heading");
    await page.click("#send-button");
    await page.waitForFunction(() =>
      document.getElementById("result-status").textContent.startsWith("511"));
    const fields = await shownFields(page);
    equal(await page.textContent("#result-status"), "511 Network Authentication Required",
      "shown status");
    equal(fields.link, '</login.html>; rel="authenticate"', "shown Link");
    equal(fields["cache-control"], "no-store", "shown Cache-Control");
    check(JSON.parse(await page.textContent("#result-body")).status.code === 511,
      "the shown body is the simulator's JSON for 511");
    await shot(page, "sent");
  },

  // 204: no body, and the page says so.
  async "code-204"(page) {
    const shown = await send(page, 204);
    equal(shown.status, "204 No Content", "shown status");
    equal(shown.body, "(no body)", "shown body");
    check(!("content-type" in shown.fields), "no Content-Type shown");
    check(!("content-length" in shown.fields), "no Content-Length shown");
    await shot(page, "sent");
  },

  // 301: the browser would follow it; the page shows what the server sent.
  async "code-301"(page) {
    const shown = await send(page, 301);
    equal(shown.status, "301 Moved Permanently", "shown status");
    equal(shown.fields.location, "/api/status/200", "shown Location");
    check(shown.note.includes("follow this redirect"), "the note explains why");
    // What the page shows is what the server really sends.
    const real = await fetch(`${base}/api/status/301`, { redirect: "manual" });
    equal(real.status, 301, "the real status");
    equal(real.headers.get("location"), shown.fields.location, "the real Location");
    await shot(page, "sent");
  },

  // 401: no login dialog; the challenge is shown as sent.
  async "code-401"(page) {
    let dialogs = 0;
    page.on("dialog", (dialog) => { dialogs++; dialog.dismiss(); });
    const shown = await send(page, 401);
    equal(shown.status, "401 Unauthorized", "shown status");
    equal(shown.fields["www-authenticate"], 'Basic realm="httpstatus", charset="UTF-8"',
      "shown WWW-Authenticate");
    equal(dialogs, 0, "dialogs opened");
    const real = await fetch(`${base}/api/status/401`);
    equal(real.status, 401, "the real status");
    equal(real.headers.get("www-authenticate"), shown.fields["www-authenticate"],
      "the real challenge");
    await shot(page, "sent");
  },

  // Controls: a custom header, a cache setting, text from the user that
  // could be markup stays text.
  async "controls"(page) {
    const shown = await send(page, 429, {
      "header-name": "X-Probe", "header-value": "<img src=x onerror=alert(1)>",
      cache: "max-age=60",
    });
    equal(shown.status, "429 Too Many Requests", "shown status");
    equal(shown.fields["x-probe"], "<img src=x onerror=alert(1)>", "custom field shown as text");
    equal(shown.fields["cache-control"], "max-age=60", "cache setting");
    equal(await page.locator("#result img").count(), 0, "no markup from the response");
  },

  // Everything local; phone width without sideways scrolling; dark mode;
  // every input labelled; the Send button reachable by keyboard.
  async "layout"(page) {
    const foreign = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(base)) foreign.push(request.url());
    });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${base}/codes/503`);
    const overflow = await page.evaluate(() =>
      document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `no sideways scrolling at phone width (${overflow} px)`);
    await shot(page, "phone");
    await page.emulateMedia({ colorScheme: "dark" });
    const colours = await page.evaluate(() => {
      const style = getComputedStyle(document.body);
      return [style.color, style.backgroundColor];
    });
    equal(colours[1], "rgb(22, 24, 27)", "dark background");
    equal(colours[0], "rgb(232, 232, 232)", "light text");
    await shot(page, "dark");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(base + "/");
    await shot(page, "wide");
    await page.goto(`${base}/codes/503`);
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll("input"))
        .filter((input) => !document.querySelector(`label[for="${input.id}"]`))
        .map((input) => input.id));
    equal(unlabelled.join(","), "", "inputs without a label");
    await page.focus("#cache");
    await page.keyboard.press("Tab");
    equal(await page.evaluate(() => document.activeElement.id), "send-button",
      "Tab from the last control reaches Send");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() =>
      document.getElementById("result-status").textContent.startsWith("503"));
    equal(foreign.join(","), "", "requests to other sites");
  },
};

mkdirSync(artifacts, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM,
  args: ["--no-sandbox"],
});
let failed = false;
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const run = scenarios[scenario];
  check(run, `a scenario named ${scenario}`);
  await run(page);
  equal(errors.join("; "), "", "script errors on the page");
} catch (error) {
  console.error(`${scenario}: ${error.message}`);
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
