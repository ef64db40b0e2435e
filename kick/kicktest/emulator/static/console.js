// The kickflow emulator console. Every value from the server goes into the
// page as text (textContent), never as HTML.
"use strict";

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    e.setAttribute(k, v);
  }
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

function setStatus(text) {
  document.getElementById("status").textContent = text;
}

async function post(path, body) {
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    let msg = res.status + " " + res.statusText;
    try {
      msg = (await res.json()).error || msg;
    } catch (e) {
      // not JSON: keep the status
    }
    throw new Error(msg);
  }
  return res;
}

function renderRooms(rooms) {
  const box = document.getElementById("rooms");
  box.replaceChildren();
  document.getElementById("no-rooms").hidden = rooms.length > 0;
  for (const room of rooms) {
    const h = el("h3", { "data-room": room.name }, room.name + " (" + room.members.length + ")");
    const table = el("table", { "data-room": room.name });
    const head = el("tr");
    for (const t of ["Member", "Call", "Muted", "Deaf"]) {
      head.append(el("th", {}, t));
    }
    table.append(el("thead"));
    table.firstChild.append(head);
    const body = el("tbody");
    for (const m of room.members) {
      const tr = el("tr", { "data-member": m.id, "data-call-uuid": m.callUuid });
      tr.append(el("td", {}, m.id), el("td", {}, m.callUuid),
        el("td", { "class": "muted" }, m.muted ? "muted" : "no"),
        el("td", { "class": "deaf" }, m.deaf ? "deaf" : "no"));
      body.append(tr);
    }
    table.append(body);
    box.append(h, table);
  }
}

// callBoxes keeps each call's element, so that what is typed in its forms
// survives updates.
const callBoxes = new Map();

function callAction(uuid, what, body) {
  post("/control/calls/" + encodeURIComponent(uuid) + "/" + what, body)
    .then(() => setStatus("Sent " + what + " to " + uuid + "."))
    .catch((e) => setStatus("Failed: " + e.message));
}

function newCallBox(uuid) {
  const box = el("div", { "class": "call", "data-call-uuid": uuid });
  const title = el("h3", { "class": "title" });
  const transcript = el("div", { "class": "transcript" });
  const keys = el("form", { "class": "keys" });
  const keysInput = el("input", { name: "digits", placeholder: "1234#", size: "8", pattern: "[0-9*#]{1,64}", required: "" });
  keys.append(keysInput, el("button", { type: "submit" }, "Press"));
  keys.addEventListener("submit", (ev) => {
    ev.preventDefault();
    callAction(uuid, "digits", { digits: keysInput.value });
    keysInput.value = "";
  });
  const speech = el("form", { "class": "speech" });
  const speechInput = el("input", { name: "text", placeholder: "say something", required: "" });
  speech.append(speechInput, el("button", { type: "submit" }, "Say"));
  speech.addEventListener("submit", (ev) => {
    ev.preventDefault();
    callAction(uuid, "speech", { text: speechInput.value });
    speechInput.value = "";
  });
  const hang = el("button", { type: "button", "class": "hangup" }, "Hang up");
  hang.addEventListener("click", () => callAction(uuid, "hangup", {}));
  box.append(title, transcript, keys, speech, hang);
  return box;
}

function renderCalls(calls) {
  const list = document.getElementById("calls");
  document.getElementById("no-calls").hidden = calls.length > 0;
  for (const c of calls) {
    let box = callBoxes.get(c.callUuid);
    if (!box) {
      box = newCallBox(c.callUuid);
      callBoxes.set(c.callUuid, box);
      list.prepend(box);
    }
    let title = c.callUuid + " from " + c.from + " to " + c.to;
    if (c.room) {
      title += " · in room " + c.room + " as member " + c.memberId;
    }
    title += c.done ? " · ended: " + c.cause : " · live";
    box.querySelector(".title").textContent = title;
    box.classList.toggle("done", c.done);
    for (const f of box.querySelectorAll("form, button.hangup")) {
      f.hidden = c.done;
    }
    const lines = c.transcript.map((l) => (l.atMs / 1000).toFixed(1).padStart(6) + "s  " + l.text);
    box.querySelector(".transcript").textContent = lines.join("\n");
  }
}

function start() {
  const form = document.getElementById("call-form");
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const body = { answerUrl: document.getElementById("answer-url").value };
    const from = document.getElementById("from").value;
    if (from) {
      body.from = from;
    }
    post("/control/calls", body)
      .then((res) => res.json())
      .then((c) => setStatus("Started call " + c.callUuid + "."))
      .catch((e) => setStatus("Failed: " + e.message));
  });
  const events = new EventSource("/control/events");
  events.addEventListener("open", () => setStatus("Connected."));
  events.addEventListener("error", () => setStatus("Disconnected; retrying…"));
  events.addEventListener("state", (ev) => {
    const st = JSON.parse(ev.data);
    renderRooms(st.rooms);
    renderCalls(st.calls);
  });
}

document.addEventListener("DOMContentLoaded", start);
