// The web UI: plain ES module, no build step. It talks only to the local API and its event stream; the session
// cookie set by the one-time login link authorizes every call.

const $ = (selector) => document.querySelector(selector);

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

/** A count as people read it: 10,000. */
function countOf(n) {
  return n.toLocaleString("en");
}

/** "1 file", "10,000 files". */
function fileCount(n) {
  return `${countOf(n)} file${n === 1 ? "" : "s"}`;
}

function humanBytes(bytes) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes, unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

function showError(message) {
  const box = $("#error");
  box.textContent = message;
  box.hidden = !message;
}

async function api(method, path, body, raw) {
  const options = { method, credentials: "same-origin", headers: {} };
  if (raw !== undefined) options.body = raw;
  else if (body !== undefined) { options.body = JSON.stringify(body); options.headers["Content-Type"] = "application/json"; }
  let response;
  try {
    response = await fetch(path, options);
  } catch (e) {
    throw new Error("the node does not answer: is `ft node` still running?");
  }
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (response.status !== 401) markOnline(true);
  if (!response.ok) {
    if (response.status === 401) throw new Error("not logged in: open the link that `ft node` or `ft ui` printed");
    throw new Error(json && json.message ? json.message : `the node answered HTTP ${response.status}`);
  }
  return json;
}

/** Runs an action from a button or form, showing its error in the page rather than failing silently. */
async function act(action) {
  try {
    showError("");
    await action();
  } catch (e) {
    showError(e.message);
  }
}

// Sections

function show(section) {
  for (const button of document.querySelectorAll("nav button")) {
    if (button.dataset.section === section) button.setAttribute("aria-current", "page");
    else button.removeAttribute("aria-current");
  }
  for (const part of document.querySelectorAll("main section")) part.hidden = part.id !== section;
  clearInterval(nearbyTimer);
  nearbyTimer = section === "peers" ? setInterval(loadNearby, 3000) : null;
  clearInterval(activityTimer);
  activityTimer = section === "activity" ? setInterval(loadPeerTotals, 5000) : null;
  ({ node: loadNode, files: loadFiles, peers: loadPeers, transfers: loadTransfers, activity: loadActivity,
    access: loadAccess })[section]();
}

// My node

async function loadNode() {
  await act(async () => {
    const node = await api("GET", "/api/node");
    $("#node-name").textContent = node.name;
    $("#node-id").textContent = `${node.shortId} (${node.nodeId})`;
    $("#node-addresses").textContent = node.addresses.join(", ");
    $("#ticket").value = node.ticket;
    $("#ticket-qr").src = "/api/node/qr.svg";
  });
  await loadRelays();
}

async function loadRelays() {
  await act(async () => {
    const answer = await api("GET", "/api/relays");
    $("#relay-role").hidden = !answer.relay;
    if (answer.relay) {
      $("#relay-role").textContent = `This node relays for others: ${answer.load.nodes} registered, ${answer.load.sessions} sessions now.`;
    }
    $("#relay-list").replaceChildren(...(answer.relays.length ? answer.relays.map(relayItem)
      : [element("li", { class: "muted" }, "No relays: nodes that cannot reach this node directly cannot reach it.")]));
  });
}

function relayItem(relay) {
  return element("li", { "data-relay": relay.name }, element("span", { class: "row" },
    element("span", { class: "name" }, relay.name, " ", element("span", { class: "muted" }, relay.shortId)),
    element("span", { class: "muted" }, relay.addresses.join(", ")),
    element("span", { class: relay.registered ? "badge on" : "badge" },
      relay.registered ? "connected" : `not connected: ${relay.problem || "connecting"}`),
    element("button", { type: "button", "aria-label": `Stop using relay ${relay.name}`, onclick: () => act(async () => {
      await api("DELETE", `/api/relays/${encodeURIComponent(relay.name)}`);
      await loadNode();
    }) }, "Remove")));
}

$("#add-relay").addEventListener("submit", (event) => { event.preventDefault(); act(async () => {
  await api("POST", "/api/relays", { ticket: $("#relay-ticket").value.trim() });
  $("#relay-ticket").value = "";
  await loadNode();
  // Registering takes a moment; show it connected without a reload.
  setTimeout(loadRelays, 1500);
}); });

$("#copy-ticket").addEventListener("click", () => act(async () => {
  await navigator.clipboard.writeText($("#ticket").value).catch(() => {
    $("#ticket").select();
    document.execCommand("copy");
  });
  $("#copy-ticket").textContent = "Copied";
  setTimeout(() => { $("#copy-ticket").textContent = "Copy ticket"; }, 1500);
}));

// My files

/** This node's own drive, folder by folder as a peer's; the folders left open stay open when it is drawn again. */
let myDrive = null;

async function loadFiles() {
  await act(async () => {
    myDrive ??= lazyDrive("our", fileActions, folderActions);
    const entries = await myDrive.fetch("");
    $("#file-tree").replaceChildren(entries.length ? folderList(myDrive, entries)
      : element("p", { class: "muted" }, "Nothing shared yet: upload files or download some from a peer."));
  });
}

function renameButton(path) {
  return element("button", { type: "button", onclick: () => act(async () => {
    const to = prompt(`Rename ${path} to:`, path);
    if (!to || to === path) return;
    await api("POST", "/api/files/rename", { from: path, to });
    await loadFiles();
  }) }, "Rename");
}

function deleteButton(path) {
  return element("button", { type: "button", onclick: () => act(async () => {
    if (!confirm(`Delete ${path}? This cannot be undone.`)) return;
    await api("DELETE", `/api/files?path=${encodeURIComponent(path)}`);
    await loadFiles();
  }) }, "Delete");
}

const fileActions = (file) => [renameButton(file.name), deleteButton(file.name)];
const folderActions = (path) => [renameButton(path), deleteButton(path)];

async function upload(files) {
  await act(async () => {
    const folder = $("#upload-folder").value.trim().replace(/^\/+|\/+$/g, "");
    for (const file of files) {
      const path = folder ? `${folder}/${file.name}` : file.name;
      // A File body is streamed from disk by the browser, never read into memory here.
      await api("POST", `/api/files/upload?path=${encodeURIComponent(path)}`, undefined, file);
    }
    await loadFiles();
  });
}

$("#upload").addEventListener("change", (event) => upload([...event.target.files]));
const drop = $("#drop");
drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (event) => { event.preventDefault(); drop.classList.remove("over"); upload([...event.dataTransfer.files]); });
drop.addEventListener("keydown", (event) => { if (event.key === "Enter" || event.key === " ") $("#upload").click(); });

$("#new-folder").addEventListener("submit", (event) => { event.preventDefault(); act(async () => {
  await api("POST", "/api/files/folder", { path: $("#new-folder-name").value.trim() });
  $("#new-folder-name").value = "";
  await loadFiles();
}); });

// Peers

async function loadPeers() {
  await act(async () => {
    const peers = await api("GET", "/api/peers");
    $("#peer-list").replaceChildren(...(peers.length ? peers.map(peerItem)
      : [element("li", { class: "muted" }, "No peers yet: paste a peer's ticket above, or add one heard nearby.")]));
  });
  await loadNearby();
}

// Nearby: polled while Peers is open, since announcements come every few seconds and need no event stream.
let nearbyTimer = null;

async function loadNearby() {
  await act(async () => {
    const answer = await api("GET", "/api/nearby");
    const empty = answer.discovery ? "No nodes heard nearby yet." : "Discovery is off (discovery = false in config.toml).";
    $("#nearby-list").replaceChildren(...(answer.nodes.length ? answer.nodes.map(nearbyItem)
      : [element("li", { class: "muted" }, empty)]));
  });
}

function nearbyItem(node) {
  return element("li", { "data-nearby": node.name }, element("span", { class: "row" },
    element("span", { class: "name" }, node.name, " ", element("span", { class: "muted" }, node.shortId)),
    element("span", { class: "muted" }, node.addresses.join(", ")),
    node.peer ? element("span", { class: "badge on" }, `peer ${node.peer}`)
      : element("button", { type: "button", "aria-label": `Add ${node.name} as a peer`, onclick: () => act(async () => {
        await api("POST", "/api/nearby/add", { node: node.nodeId });
        await loadPeers();
      }) }, "Add")));
}

function peerItem(peer) {
  return element("li", { "data-peer": peer.name }, element("span", { class: "row" },
    element("span", { class: "name" }, peer.name, " ", element("span", { class: "muted" }, peer.shortId)),
    element("span", { class: peer.online ? "badge on" : "badge", title: peer.online ? "how this node reaches it" : "" },
      peer.online ? `online, ${peer.path}` : "offline"),
    element("button", { type: "button", onclick: () => browse(peer.name) }, "Browse"),
    element("button", { type: "button", onclick: () => act(async () => {
      const name = prompt(`New name for ${peer.name}:`, peer.name);
      if (!name || name === peer.name) return;
      await api("PUT", `/api/peers/${encodeURIComponent(peer.name)}`, { name });
      await loadPeers();
    }) }, "Rename"),
    element("button", { type: "button", onclick: () => act(async () => {
      if (!confirm(`Remove ${peer.name} from your peers?`)) return;
      await api("DELETE", `/api/peers/${encodeURIComponent(peer.name)}`);
      await loadPeers();
    }) }, "Remove")));
}

$("#add-peer").addEventListener("submit", (event) => { event.preventDefault(); act(async () => {
  const body = { ticket: $("#peer-ticket").value.trim() };
  if ($("#peer-as").value.trim()) body.as = $("#peer-as").value.trim();
  await api("POST", "/api/peers", body);
  $("#peer-ticket").value = "";
  $("#peer-as").value = "";
  await loadPeers();
}); });

// Drives, one folder at a time: a drive of a million files is never fetched whole, only the folders opened.

/**
 * A drive drawn lazily: how to fetch one level of a folder ("" is the drive: files, and folders with how many files
 * they hold), the buttons of a file and of a folder, and the folders open now.
 */
function lazyDrive(peer, fileActions, folderActions) {
  const fetch = (folder) => api("GET",
    `/api/peers/${encodeURIComponent(peer)}/files?folder=${encodeURIComponent(folder)}&timeoutMillis=30000`);
  return { fetch, fileActions, folderActions, open: new Set() };
}

async function browse(peer) {
  await act(async () => {
    $("#browse").hidden = false;
    $("#browse-name").textContent = peer;
    $("#browse-tree").replaceChildren(element("p", { class: "muted" }, "Asking…"));
    const drive = lazyDrive(peer, (file) => [downloadButton(peer, file.name)], (path) => [downloadButton(peer, `${path}/`)]);
    const entries = await drive.fetch("");
    $("#browse-tree").replaceChildren(entries.length ? folderList(drive, entries)
      : element("p", { class: "muted" }, `${peer} shares no files.`));
  });
}

/** A folder with more files than this draws only the rows in view, in a box that scrolls. */
const DRAWN_WHOLE = 300;
const ROW_PX = 40;

/** A folder's folders first, each able to unfold, then its files. */
function folderList(drive, entries) {
  const folders = element("ul", {}, ...entries.filter((entry) => entry.folder !== undefined).map((entry) => folderItem(drive, entry)));
  const files = entries.filter((entry) => entry.folder === undefined);
  if (files.length <= DRAWN_WHOLE) {
    folders.append(...files.map((file) => fileItem(drive, file)));
    return folders;
  }
  // Only the rows in view (and a screenful either side) exist; the box keeps the height of all of them.
  const list = element("ul", { class: "rows" });
  list.style.height = `${files.length * ROW_PX}px`;
  const box = element("div", { class: "scroll-box", tabindex: "0", role: "region", "aria-label": fileCount(files.length),
    "data-entries": String(files.length) }, list);
  let drawn = "";
  const draw = () => {
    const first = Math.max(0, Math.floor(box.scrollTop / ROW_PX) - 20);
    const last = Math.min(files.length, Math.ceil((box.scrollTop + box.clientHeight) / ROW_PX) + 20);
    if (drawn === `${first}-${last}`) return;
    drawn = `${first}-${last}`;
    list.replaceChildren(...files.slice(first, last).map((file, i) => {
      const row = fileItem(drive, file);
      row.style.top = `${(first + i) * ROW_PX}px`;
      return row;
    }));
  };
  box.addEventListener("scroll", draw);
  requestAnimationFrame(draw);
  draw();
  return element("div", {}, folders, box);
}

function downloadButton(peer, name) {
  return element("button", { type: "button", onclick: () => act(async () => {
    await api("POST", "/api/downloads", { peer, names: [name] });
    show("transfers");
  }) }, "Download");
}

function leafOf(name) {
  return name.slice(name.lastIndexOf("/") + 1);
}

function fileItem(drive, file) {
  return element("li", { "data-name": file.name }, element("span", { class: "row" },
    element("span", { class: "name" }, leafOf(file.name)), element("span", { class: "size" }, humanBytes(file.size)),
    ...drive.fileActions(file)));
}

/** A folder, folded until opened (or open when it was open before a redraw): its entries are asked for then, once. */
function folderItem(drive, folder) {
  const name = leafOf(folder.folder);
  const toggle = element("button", { type: "button", class: "toggle", "aria-expanded": "false", "aria-label": `Unfold ${name}` }, "▸");
  const item = element("li", { "data-folder": folder.folder }, element("span", { class: "row" }, toggle,
    element("span", { class: "name" }, `${name}/`), element("span", { class: "size" }, `${fileCount(folder.files)}, ${humanBytes(folder.size)}`),
    ...drive.folderActions(folder.folder)));
  let children = null;
  const fold = (open) => act(async () => {
    if (open && children === null) {
      children = folderList(drive, await drive.fetch(folder.folder));
      item.append(children);
    }
    toggle.setAttribute("aria-expanded", String(open));
    toggle.setAttribute("aria-label", `${open ? "Fold" : "Unfold"} ${name}`);
    toggle.textContent = open ? "▾" : "▸";
    if (children) children.hidden = !open;
    if (open) drive.open.add(folder.folder); else drive.open.delete(folder.folder);
  });
  toggle.addEventListener("click", () => fold(toggle.getAttribute("aria-expanded") !== "true"));
  if (drive.open.has(folder.folder)) fold(true);
  return item;
}

// Transfers, kept live by the event stream

const transfers = new Map();
/** True while the event stream is open: it sent every status when it opened, and sends every change since. */
let streaming = false;

/**
 * Takes statuses from a list the API answered. While the event stream is open, only those of transfers not seen yet:
 * the list was read before its answer came, and an event between the two may carry a later status (a small file
 * that ended meanwhile would otherwise show its queued status for good).
 */
function takeListed(list) {
  for (const t of list) if (!streaming || !transfers.has(t.id)) transfers.set(t.id, t);
}

/** The list as it is now, then the event stream keeps it current. */
async function loadTransfers() {
  await act(async () => {
    takeListed(await api("GET", "/api/transfers?direction=all"));
    renderTransfers();
  });
}

/** Downloads or uploads, newest first. */
function transfersGoing(direction) {
  return [...transfers.values()].filter((t) => t.direction === direction).reverse();
}

/** The newest this many are drawn: a folder of 100,000 files would otherwise be redrawn whole ten times a second. */
const SHOWN_TRANSFERS = 200;

function renderTransfers() {
  // A folder downloaded as one transfer comes first: its own files would push it past what is drawn.
  const received = transfersGoing("receive");
  const all = [...received.filter((t) => t.folder), ...received.filter((t) => !t.folder)];
  const items = all.slice(0, SHOWN_TRANSFERS).map(transferItem);
  if (all.length > SHOWN_TRANSFERS) {
    const done = all.filter((t) => t.state === "done").length;
    items.push(element("li", { class: "muted", "data-more": String(all.length - SHOWN_TRANSFERS) },
      `and ${countOf(all.length - SHOWN_TRANSFERS)} more; ${countOf(done)} of ${countOf(all.length)} done (all of them: ft transfers --finished all)`));
  }
  $("#transfer-list").replaceChildren(...(items.length ? items
    : [element("li", { class: "muted" }, "No transfers yet: browse a peer and download something.")]));
}

function transferItem(t) {
  const percent = t.total ? Math.floor(t.bytes * 100 / t.total) : (t.state === "done" ? 100 : 0);
  const eta = t.etaSeconds >= 0 ? `ETA ${Math.floor(t.etaSeconds / 60)}:${String(t.etaSeconds % 60).padStart(2, "0")}` : "";
  const detail = (t.state === "done" ? `${humanBytes(t.total)} saved to ${t.path}${timesOf(t)}`
    : t.error ? t.error
    : `${humanBytes(t.bytes)} of ${humanBytes(t.total)}, ${humanBytes(t.rate)}/s ${eta}`) + filesOf(t);
  const control = (label, path, method = "POST") => element("button", { type: "button",
    onclick: () => act(() => api(method, `/api/transfers/${t.id}${path}`)) }, label);
  const buttons = [];
  // A folder downloaded as one transfer is cancelled or tried again whole; its files are paused one by one.
  if (["queued", "starting", "running", "resuming"].includes(t.state)) buttons.push(...(t.folder ? [] : [control("Pause", "/pause")]), control("Cancel", "", "DELETE"));
  if (t.state === "paused") buttons.push(control("Resume", "/resume"), control("Cancel", "", "DELETE"));
  if (["failed", "cancelled"].includes(t.state)) buttons.push(control("Retry", "/retry"));
  return element("li", { "data-transfer": t.id, "data-state": t.state },
    element("span", { class: "row" }, element("span", { class: "name" }, t.name),
      element("span", { class: "muted" }, `from ${t.peer}`), element("strong", { class: "state" }, t.state),
      element("span", { class: "percent" }, `${percent}%`), ...buttons),
    element("progress", { max: "100", value: String(percent), "aria-label": `${t.name} progress` }),
    element("div", { class: t.error ? "detail error" : "detail muted" }, detail + (t.note ? ` (${t.note})` : "")),
    ...(t.sources && t.sources.length ? [sourcesOf(t)] : []));
}

/** For a folder downloaded as one transfer: how many of its files landed, and failed. */
function filesOf(t) {
  if (!t.folder) return "";
  const files = t.folder.files < 0 ? "counting the" : `${countOf(t.folder.done)} of ${countOf(t.folder.files)}`;
  return `; ${files} files${t.folder.failed ? `, ${countOf(t.folder.failed)} failed` : ""}`;
}

/** A swarm download's sources, one line: who sent how much, and those that stopped serving and why. */
function sourcesOf(t) {
  const each = t.sources.map((s) => `${s.name} ${humanBytes(s.bytes)}${s.state === "active" ? "" : ` (${s.state})`}`);
  const duplicates = t.duplicateBytes ? `; ${humanBytes(t.duplicateBytes)} came twice` : "";
  return element("div", { class: "detail muted", "data-sources": String(t.sources.length) },
    `${t.sources.length} sources: ${each.join(", ")}${duplicates}`);
}

/** When it started and ended, and its average rate, for a finished transfer. */
function timesOf(t) {
  if (!t.startedAt || !t.finishedAt) return "";
  const time = (millis) => new Date(millis).toLocaleTimeString();
  const seconds = Math.max(0.001, (t.finishedAt - t.startedAt) / 1000);
  return `; ${time(t.startedAt)} to ${time(t.finishedAt)}, ${humanBytes(Math.round(t.bytes / seconds))}/s on average`;
}

function markOnline(online) {
  streaming = online;
  $("#online").textContent = online ? "online" : "offline: reconnecting…";
  $("#online").classList.toggle("on", online);
}

function connectEvents() {
  const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/events`);
  socket.addEventListener("open", () => markOnline(true));
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "activity") {
      addActivity(message);
      return;
    }
    for (const t of message.transfers) transfers.set(t.id, t);
    if (!$("#transfers").hidden) renderTransfers();
    if (!$("#activity").hidden) renderUploads();
  });
  socket.addEventListener("close", () => {
    markOnline(false);
    setTimeout(connectEvents, 2000);
  });
}

// Activity: a chart of the last five minutes, fed once a second by the event stream

const HISTORY_SECONDS = 300;
let activityHistory = [];
let activityTimer = null;

async function loadActivity() {
  await act(async () => {
    const activity = await api("GET", "/api/activity");
    activityHistory = activity.history;
    renderChart();
    renderPeerTotals(activity);
    takeListed(await api("GET", "/api/transfers?direction=send"));
    renderUploads();
  });
}

async function loadPeerTotals() {
  await act(async () => renderPeerTotals(await api("GET", "/api/activity")));
}

function addActivity(second) {
  if (activityHistory.length && activityHistory[activityHistory.length - 1].at >= second.at) return;
  activityHistory.push({ at: second.at, sent: second.sent, received: second.received });
  activityHistory = activityHistory.slice(-HISTORY_SECONDS);
  if (!$("#activity").hidden) renderChart();
}

function renderChart() {
  const top = Math.max(1, ...activityHistory.map((s) => Math.max(s.sent, s.received)));
  const last = activityHistory.length ? activityHistory[activityHistory.length - 1].at : 0;
  const points = (field) => activityHistory.map((s) =>
    `${(600 * (HISTORY_SECONDS - (last - s.at)) / HISTORY_SECONDS).toFixed(1)},${(158 - 156 * s[field] / top).toFixed(1)}`).join(" ");
  $("#chart-received").setAttribute("points", points("received"));
  $("#chart-sent").setAttribute("points", points("sent"));
  $("#chart-scale").textContent = `${humanBytes(top)}/s`;
  const now = activityHistory.length ? activityHistory[activityHistory.length - 1] : { sent: 0, received: 0 };
  $("#activity-now").textContent = `Last second: received ${humanBytes(now.received)}, sent ${humanBytes(now.sent)}.`;
}

function renderPeerTotals(activity) {
  const rows = activity.peers.slice().reverse().map((p) => element("tr", { "data-peer-total": p.name || p.shortId },
    element("th", { scope: "row" }, p.name || p.shortId), element("td", {}, humanBytes(p.received)), element("td", {}, humanBytes(p.sent)),
    element("td", {}, humanBytes(p.receivedLastMinute)), element("td", {}, humanBytes(p.sentLastMinute))));
  const t = activity.total;
  rows.push(element("tr", { class: "total" }, element("th", { scope: "row" }, "All peers"), element("td", {}, humanBytes(t.received)),
    element("td", {}, humanBytes(t.sent)), element("td", {}, humanBytes(t.receivedLastMinute)), element("td", {}, humanBytes(t.sentLastMinute))));
  $("#peer-totals tbody").replaceChildren(...rows);
}

function renderUploads() {
  const uploads = transfersGoing("send").slice(0, SHOWN_TRANSFERS);
  $("#upload-list").replaceChildren(...(uploads.length ? uploads.map(uploadItem)
    : [element("li", { class: "muted" }, "Nobody has downloaded from this node since it started.")]));
}

function uploadItem(t) {
  const percent = t.total ? Math.floor(t.bytes * 100 / t.total) : (t.state === "done" ? 100 : 0);
  const running = ["starting", "running"].includes(t.state);
  const detail = t.error ? t.error
    : running ? `${humanBytes(t.bytes)} of ${humanBytes(t.total)}, ${humanBytes(t.rate)}/s`
    : `${humanBytes(t.bytes)} sent${timesOf(t)}`;
  return element("li", { "data-upload": t.id, "data-state": t.state },
    element("span", { class: "row" }, element("span", { class: "name" }, t.name),
      element("span", { class: "muted" }, `to ${t.peer}`), element("strong", { class: "state" }, t.state),
      element("span", { class: "percent" }, `${percent}%`),
      ...(running ? [element("button", { type: "button", "aria-label": `Stop sending ${t.name} to ${t.peer}`,
        onclick: () => act(() => api("DELETE", `/api/uploads/${t.id}`)) }, "Cancel")] : [])),
    element("progress", { max: "100", value: String(percent), "aria-label": `${t.name} to ${t.peer} progress` }),
    element("div", { class: t.error ? "detail error" : "detail muted" }, detail));
}

$("#clear-finished").addEventListener("click", () => act(async () => {
  await api("DELETE", "/api/transfers");
  for (const [id, t] of transfers) if (["done", "failed", "cancelled"].includes(t.state)) transfers.delete(id);
  renderUploads();
  renderTransfers();
}));

// Access

async function loadAccess() {
  await act(async () => renderAccess(await api("GET", "/api/access")));
}

function renderAccess(access) {
  for (const radio of document.querySelectorAll("input[name=mode]")) radio.checked = radio.value === access.mode;
  $("#allow-list").replaceChildren(...(access.allow.length ? access.allow.map((entry) => element("li", {},
    element("span", { class: "row" }, element("span", { class: "name" }, entry.name || entry.shortId, " ",
      element("span", { class: "muted" }, entry.nodeId)),
      element("button", { type: "button", onclick: () => act(async () =>
        renderAccess(await api("DELETE", `/api/access/allow/${entry.nodeId}`))) }, "Remove"))))
    : [element("li", { class: "muted" }, "Nobody is on the allow-list.")]));
}

for (const radio of document.querySelectorAll("input[name=mode]")) {
  radio.addEventListener("change", () => act(async () => renderAccess(await api("PUT", "/api/access", { mode: radio.value }))));
}

$("#allow-form").addEventListener("submit", (event) => { event.preventDefault(); act(async () => {
  renderAccess(await api("POST", "/api/access/allow", { peer: $("#allow-peer").value.trim() }));
  $("#allow-peer").value = "";
}); });

// Start

for (const button of document.querySelectorAll("nav button")) button.addEventListener("click", () => {
  history.replaceState(null, "", `#${button.dataset.section}`);
  show(button.dataset.section);
});
connectEvents();
// A link may name a section (/#transfers); anything else opens My node.
const sections = ["node", "files", "peers", "transfers", "activity", "access"];
show(sections.includes(location.hash.slice(1)) ? location.hash.slice(1) : "node");
