// app.js - the pages' behaviour: the code filter, copy buttons and the
// Send button.  The pages work without it; it only adds.  Everything that
// comes back from the server is shown through textContent, never as HTML.
"use strict";

// The site's root, where this script lives: the pages may be served under
// a prefix (/~user/httpstatus/), so no URL here starts with "/".
const siteRoot = new URL(".", document.currentScript.src).href;

function setUpFilter() {
  const box = document.getElementById("filter");
  if (!box) return;
  const items = Array.from(document.querySelectorAll("ul.codes li"));
  const apply = () => {
    const words = box.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const item of items) {
      const text = item.textContent.toLowerCase();
      const match = words.every((w) => text.includes(w));
      item.hidden = !match;
      if (match) shown++;
    }
    for (const section of document.querySelectorAll("section.class")) {
      section.hidden = !section.querySelector("li:not([hidden])");
    }
    document.getElementById("no-match").hidden = shown > 0;
  };
  box.addEventListener("input", apply);
  apply();
}

function setUpCopyButtons() {
  for (const button of document.querySelectorAll("button.copy")) {
    button.addEventListener("click", async () => {
      const text = document.getElementById(button.dataset.copy).textContent;
      const label = button.textContent;
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = "Copied";
      } catch (e) {
        button.textContent = "Select and copy by hand";
      }
      setTimeout(() => { button.textContent = label; }, 1500);
    });
  }
}

// Why a page cannot see the real response for some codes, and what it
// shows instead.
const HIDDEN = {
  redirect: "Browsers follow this redirect before a page can see it, so " +
    "the page asked the simulator for an account of its response " +
    "(envelope=true). What follows is exactly what the simulator sent; the " +
    "web server in front adds Date and Server.",
  challenge: "A browser answers this challenge with its own login dialog, " +
    "so the page asked the simulator for an account of its response " +
    "(envelope=true). What follows is exactly what the simulator sent; the " +
    "web server in front adds Date and Server.",
  interim: "Browsers never show interim (1xx) responses to pages, so the " +
    "page asked the simulator for an account of its response " +
    "(envelope=true): the interim response first, then the final one.",
};

function simulatorUrl(form, envelope) {
  const params = new URLSearchParams();
  const sleep = Number(form.elements.sleep.value);
  if (sleep > 0) params.set("sleep", String(sleep));
  const name = form.elements["header-name"].value.trim();
  if (name) params.append("header", name + ":" + form.elements["header-value"].value);
  const cache = form.elements.cache.value.trim();
  if (cache) params.set("cache", cache);
  if (envelope) params.set("envelope", "true");
  const query = params.toString();
  return siteRoot + "api/status/" + form.dataset.code + (query ? "?" + query : "");
}

function showFields(rows) {
  const body = document.querySelector("#result-headers tbody");
  body.replaceChildren();
  for (const [name, value] of rows) {
    const row = document.createElement("tr");
    const nameCell = document.createElement("td");
    const valueCell = document.createElement("td");
    nameCell.textContent = name;
    valueCell.textContent = value;
    row.append(nameCell, valueCell);
    body.append(row);
  }
}

function showBody(text) {
  let shown = text === "" ? "(no body)" : text;
  try {
    shown = JSON.stringify(JSON.parse(text), null, 2);
  } catch (e) {
    // not JSON: shown as it came
  }
  document.getElementById("result-body").textContent = shown;
}

async function send(form) {
  const hidden = form.dataset.hidden;
  const note = document.getElementById("result-note");
  const status = document.getElementById("result-status");
  const result = document.getElementById("result");
  const button = document.getElementById("send-button");
  button.disabled = true;
  status.textContent = "Sending…";
  result.hidden = false;
  try {
    if (hidden) {
      const response = await fetch(simulatorUrl(form, true), { cache: "no-store" });
      const account = await response.json();
      if (!response.ok) throw new Error(account.detail || response.statusText);
      const interim = account.interim.map((i) => i.status + " (interim)").join(", ");
      note.textContent = HIDDEN[hidden];
      status.textContent = (interim ? interim + ", then " : "") +
        account.status + " " + account.reason;
      showFields(account.headers);
      showBody(account.body);
    } else {
      const response = await fetch(simulatorUrl(form, false), { cache: "no-store" });
      note.textContent = "The real response, as the browser received it.";
      status.textContent = (response.status + " " + response.statusText).trim();
      showFields(Array.from(response.headers.entries()));
      showBody(await response.text());
    }
  } catch (error) {
    note.textContent = "";
    status.textContent = "The request failed: " + error.message;
    showFields([]);
    showBody("");
  } finally {
    button.disabled = false;
  }
}

function setUpSend() {
  const form = document.getElementById("send");
  if (!form) return;
  const curl = document.getElementById("curl");
  curl.textContent = "curl -i " + siteRoot + "api/status/" + form.dataset.code;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(form);
  });
}

setUpFilter();
setUpCopyButtons();
setUpSend();
