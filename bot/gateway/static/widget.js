/*
 * The trial screening chat widget: a launcher button and a chat panel that talk to the gateway.
 *
 * Embed with one tag:  <script src="https://GATEWAY/widget.js" data-gateway="https://GATEWAY" defer></script>
 * Optional attributes: data-lang="zh" (the language: the widget's own words, /widget-texts/<language>.json,
 *                      and the bot's; else data-language, else the page's <html lang>, else the browser's
 *                      language: zh-* is Chinese, anything else English), data-open="true" (open the panel
 *                      on the first visit). The header's language switch ("中文" / "English") changes both
 *                      for this browser: it sends the request to the bot, so every answer is kept.
 *
 * Plain modern JavaScript, no build step, nothing global. Bot text is only ever set as text
 * (textContent), never parsed as HTML. Every word the widget shows comes from the texts file, but the
 * name of the other language on the switch, which is written in that language (SWITCH).
 * The gateway's interface is described in docs/gateway-api.md.
 */
(() => {
  "use strict";

  const script = document.currentScript || document.querySelector("script[data-gateway]");
  if (!script || document.querySelector(".tsw-root")) return; // no tag found, or already on the page

  const GATEWAY = (script.dataset.gateway || new URL(script.src, location.href).origin).replace(/\/+$/, "");
  const START_OPEN = script.dataset.open === "true";
  const STORE = `trial-screening-widget:${GATEWAY}`;
  const MAX_CHARS = 2000;
  const CONTROL = { start: "/greet", restart: "/restart" }; // messages the widget sends itself
  const TEXT_ATTEMPTS = 3;
  // The language switch: each language named in its own words, and the request that switches the bot to it.
  const SWITCH = {
    en: { label: "English", lang: "en", request: "English" },
    zh: { label: "中文", lang: "zh-CN", request: "中文" },
  };

  /** Read or write the widget's small record in localStorage (session token, open or closed). */
  const memory = {
    get(key) {
      try {
        return localStorage.getItem(`${STORE}:${key}`);
      } catch (_error) {
        return null; // storage blocked: the chat still works, it just does not survive a reload
      }
    },
    set(key, value) {
      try {
        if (value === null) localStorage.removeItem(`${STORE}:${key}`);
        else localStorage.setItem(`${STORE}:${key}`, value);
      } catch (_error) {
        /* storage blocked or full: nothing to keep */
      }
    },
  };

  /** Our code for a language tag: zh, zh-CN, zh-Hans... are Chinese; any other tag English. */
  const codeOf = (tag) => (/^zh(?![a-z])/i.test(String(tag || "").trim()) ? "zh" : "en");

  /** The language: the patient's choice on the switch, else the tag's, the page's, the browser's. */
  function pickLanguage() {
    const tag = memory.get("language") || script.dataset.lang || script.dataset.language ||
      document.documentElement.lang || navigator.language || "en";
    return codeOf(tag);
  }

  let language = pickLanguage(); // sent with every call: the bot's hint and the gateway's replies

  /** Wait this many milliseconds. */
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /**
   * Call the gateway. Resolves to {status, data, retryAfter}; status 0 means the gateway could
   * not be reached at all (network error).
   */
  async function call(method, path, body) {
    const options = { method, headers: { Accept: "application/json", "Accept-Language": language },
      credentials: "omit" };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    try {
      const response = await fetch(GATEWAY + path, options);
      let data = null;
      try {
        data = await response.json();
      } catch (_error) {
        data = null;
      }
      return { status: response.status, data, retryAfter: Number(response.headers.get("Retry-After")) || 0 };
    } catch (_error) {
      return { status: 0, data: null, retryAfter: 0 };
    }
  }

  /** The widget's words in `code`, tried a few times; null when the gateway never answers. */
  async function loadTexts(code) {
    for (let attempt = 1; attempt <= TEXT_ATTEMPTS; attempt += 1) {
      const reply = await call("GET", `/widget-texts/${encodeURIComponent(code)}.json`);
      if (reply.status === 200 && reply.data) return reply.data;
      await pause(1000 * attempt);
    }
    return null;
  }

  /** Add the widget's stylesheet once. */
  function addStylesheet() {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = `${GATEWAY}/widget.css`;
    document.head.appendChild(link);
  }

  /** Make an element: el("button", {class: "x", type: "button", text: "Send"}, child, ...). */
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name === "class") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children) if (child) node.appendChild(child);
    return node;
  }

  /** The chat: its elements, its state, and what it does. */
  class Chat {
    /** Build the launcher and panel with the words in `t`. */
    constructor(t) {
      this.t = t;
      this.session = memory.get("session");
      this.busy = false;
      this.started = false;
      this.lastReplies = null; // {buttons, after}: the quick replies on show, to restore after a failed send
      this.build();
    }

    /** Create every element of the widget (nothing is shown until mount()). */
    build() {
      const t = this.t;
      // Every element that shows words is kept in `words` (its key in the texts file), filled by applyTexts().
      const words = (node, key, attribute = "text") => {
        this.words.push({ node, key, attribute });
        return node;
      };
      this.words = [];
      this.launcher = el("button", { class: "tsw-launcher", type: "button", "aria-expanded": "false",
        "aria-controls": "tsw-panel" }, el("span", { class: "tsw-launcher-icon", "aria-hidden": "true" }),
      words(el("span"), "launcher"));

      this.restartButton = words(el("button", { class: "tsw-header-button", type: "button" }), "restart");
      // Its title and spoken name are in the patient's language ("切换到英文（English）"), so a reader of
      // one language knows what it does; the other language's name in it keeps its own lang.
      this.languageButton = words(words(el("button", { class: "tsw-header-button tsw-language", type: "button" }),
        "switch_language", "aria-label"), "switch_language", "title");
      this.closeButton = words(words(el("button", { class: "tsw-header-button tsw-close", type: "button" },
        el("span", { "aria-hidden": "true", class: "tsw-close-icon" })), "close", "aria-label"), "close", "title");
      const header = el("header", { class: "tsw-header" },
        el("div", { class: "tsw-header-row" },
          el("div", { class: "tsw-heading" },
            words(el("h2", { class: "tsw-title", id: "tsw-title" }), "title"),
            words(el("p", { class: "tsw-subtitle" }), "subtitle")),
          el("div", { class: "tsw-header-actions" }, this.languageButton, this.restartButton, this.closeButton)),
        words(el("p", { class: "tsw-disclaimer", id: "tsw-disclaimer" }), "disclaimer"));

      this.confirmYes = words(el("button", { class: "tsw-button tsw-button-primary", type: "button" }), "restart_yes");
      this.confirmNo = words(el("button", { class: "tsw-button", type: "button" }), "restart_no");
      this.confirm = el("div", { class: "tsw-confirm", role: "group", "aria-labelledby": "tsw-confirm-question",
        hidden: true }, words(el("p", { id: "tsw-confirm-question" }), "restart_question"),
      el("div", { class: "tsw-confirm-actions" }, this.confirmYes, this.confirmNo));

      const emergency = el("p", { class: "tsw-emergency" },
        el("span", { class: "tsw-emergency-icon", "aria-hidden": "true" }), words(el("span"), "emergency"));

      this.log = words(el("div", { class: "tsw-log", id: "tsw-log", role: "log", "aria-live": "polite",
        tabindex: "0" }), "log_label", "aria-label");
      this.typing = el("div", { class: "tsw-typing", "aria-hidden": "true", hidden: true },
        el("span", { class: "tsw-dots" }, el("span"), el("span"), el("span")),
        words(el("span", { class: "tsw-typing-text" }), "typing"));

      this.noticeText = el("span", { class: "tsw-notice-text" });
      this.retryButton = words(el("button", { class: "tsw-button", type: "button", hidden: true }), "retry");
      this.notice = el("div", { class: "tsw-notice", role: "alert" }, this.noticeText, this.retryButton);

      this.input = words(el("textarea", { class: "tsw-input", id: "tsw-input", name: "message", rows: "1",
        maxlength: String(MAX_CHARS), autocomplete: "off", enterkeyhint: "send" }), "placeholder", "placeholder");
      this.sendButton = words(el("button", { class: "tsw-button tsw-button-primary tsw-send", type: "submit" }),
        "send");
      this.form = el("form", { class: "tsw-form", novalidate: true },
        words(el("label", { class: "tsw-label", for: "tsw-input" }), "input_label"),
        el("div", { class: "tsw-form-row" }, this.input, this.sendButton));
      const privacy = words(el("p", { class: "tsw-privacy" }), "privacy");

      this.panel = el("section", { class: "tsw-panel", id: "tsw-panel", "aria-labelledby": "tsw-title",
        hidden: true }, header, this.confirm, emergency, this.log, this.typing, this.notice, this.form, privacy);
      this.root = el("div", { class: "tsw-root" }, this.launcher, this.panel);
      this.applyTexts(t);
    }

    /** Show every word in the texts `t` (at the start, and after the language switch). */
    applyTexts(t) {
      this.t = t;
      for (const { node, key, attribute } of this.words) {
        if (attribute === "text") node.textContent = t[key];
        else node.setAttribute(attribute, t[key]);
      }
      this.root.lang = SWITCH[language].lang;
      const other = language === "zh" ? SWITCH.en : SWITCH.zh;
      this.languageButton.replaceChildren(el("span", { lang: other.lang, text: other.label }));
      for (const name of this.log.querySelectorAll(".tsw-from-bot > .tsw-visually-hidden")) name.textContent = t.bot_name;
      for (const name of this.log.querySelectorAll(".tsw-from-patient > .tsw-visually-hidden")) {
        name.textContent = t.patient_name;
      }
      for (const group of this.log.querySelectorAll(".tsw-replies")) group.setAttribute("aria-label", t.answer_options);
    }

    /**
     * The header's switch: the bot is asked for the other language ("中文" / "English"), which keeps every
     * answer and says the current question again in it; then the widget's own words change too.
     */
    async switchLanguage() {
      if (this.busy || this.switching) return; // one switch at a time
      this.switching = true;
      try {
        const next = language === "zh" ? "en" : "zh";
        const texts = await loadTexts(next);
        if (!texts) {
          this.say(this.t.unreachable);
          return;
        }
        const previous = language;
        language = next;
        const talking = Boolean(this.session && this.log.querySelector(".tsw-message"));
        if (talking && !(await this.send(SWITCH[next].request, SWITCH[next].request, true))) {
          language = previous; // not sent: nothing changes
          return;
        }
        memory.set("language", next);
        this.applyTexts(texts);
      } finally {
        this.switching = false;
      }
    }

    /** Put the widget on the page, wire its events, open it if it should be open. */
    mount() {
      document.body.appendChild(this.root);
      this.launcher.addEventListener("click", () => this.open(true));
      this.closeButton.addEventListener("click", () => this.close());
      this.restartButton.addEventListener("click", () => this.askRestart());
      this.languageButton.addEventListener("click", () => this.switchLanguage());
      this.confirmNo.addEventListener("click", () => this.hideConfirm(this.restartButton));
      this.confirmYes.addEventListener("click", () => this.restart());
      this.retryButton.addEventListener("click", () => this.start());
      this.form.addEventListener("submit", (event) => {
        event.preventDefault();
        this.submitTyped();
      });
      this.input.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
          event.preventDefault(); // Enter sends; an input method still composing keeps its Enter
          this.submitTyped();
        }
      });
      this.input.addEventListener("input", () => {
        const showing = this.noticeText.textContent === this.t.too_long;
        if (this.input.value.length >= MAX_CHARS && !showing) this.say(this.t.too_long);
        else if (this.input.value.length < MAX_CHARS && showing) this.say(null);
      });
      this.panel.addEventListener("keydown", (event) => {
        if (event.key !== "Escape") return;
        if (!this.confirm.hidden) this.hideConfirm(this.restartButton);
        else this.close();
      });
      const remembered = memory.get("open");
      if (remembered === "open" || (remembered === null && START_OPEN)) this.open(false);
    }

    /** Show the panel; start or resume the conversation the first time. */
    open(byPatient) {
      this.panel.hidden = false;
      this.launcher.hidden = true;
      this.launcher.setAttribute("aria-expanded", "true");
      this.root.classList.add("tsw-is-open");
      memory.set("open", "open");
      if (byPatient) this.input.focus();
      if (!this.started) this.start();
      else this.scrollToEnd();
    }

    /** Hide the panel; focus goes back to the launcher. */
    close() {
      this.panel.hidden = true;
      this.launcher.hidden = false;
      this.launcher.setAttribute("aria-expanded", "false");
      this.root.classList.remove("tsw-is-open");
      memory.set("open", "closed");
      this.launcher.focus();
    }

    /** Resume the kept conversation (history), or begin a new one. */
    async start() {
      if (this.busy) return;
      this.started = true;
      this.say(null);
      this.setBusy(true);
      try {
        if (this.session) {
          const reply = await call("GET", `/api/history?session=${encodeURIComponent(this.session)}`);
          if (reply.status === 200 && reply.data && Array.isArray(reply.data.messages)) {
            const shown = this.showHistory(reply.data.messages);
            if (shown) return;
          } else if (reply.status === 400) {
            this.forgetSession();
          } else {
            this.failed(reply, this.hasTyped(), true);
            return;
          }
        }
        await this.begin();
      } finally {
        this.setBusy(false);
      }
    }

    /** A new session (if none) and the bot's greeting. */
    async begin() {
      if (!this.session) {
        const reply = await call("POST", "/api/session");
        if (reply.status !== 201 || !reply.data || typeof reply.data.session !== "string") {
          this.failed(reply, this.hasTyped(), true);
          return;
        }
        this.session = reply.data.session;
        memory.set("session", this.session);
      }
      const reply = await this.post(CONTROL.start);
      if (reply.status === 200 && reply.data) this.showBotMessages(reply.data.messages, null);
      else this.failed(reply, this.hasTyped(), true);
    }

    /** Whether the patient has words in the box. */
    hasTyped() {
      return Boolean(this.input.value.trim());
    }

    /** Drop the kept session (the gateway no longer knows it). */
    forgetSession() {
      this.session = null;
      memory.set("session", null);
    }

    /** POST one message to the gateway for this session, with the language (the bot's hint). */
    post(message) {
      return call("POST", "/api/chat", { session: this.session, message, language });
    }

    /** Send what the patient typed; the text stays in the box unless it was sent. */
    submitTyped() {
      if (this.busy) return; // the bot is still answering: the text stays in the box
      const text = this.input.value.trim();
      if (!text) {
        this.input.focus();
        return;
      }
      if (text.length > MAX_CHARS) {
        this.say(this.t.too_long);
        return;
      }
      this.input.value = "";
      this.send(text, text, false);
    }

    /**
     * Send a message; show `shownAs` as the patient's words. A failure puts everything back.
     * Resolves to true when the bot answered.
     */
    async send(message, shownAs, byButton) {
      if (this.busy) return false;
      if (!this.session || !this.log.querySelector(".tsw-message")) {
        if (!byButton) this.input.value = message; // the chat never began: begin it; the text waits in the box
        await this.start();
        return false;
      }
      this.say(null);
      const replies = this.lastReplies;
      this.removeReplies();
      const bubble = this.addMessage("patient", shownAs);
      this.scrollTo(bubble);
      this.setBusy(true);
      let reply;
      try {
        reply = await this.post(message);
      } finally {
        this.setBusy(false);
      }
      if (reply.status === 200 && reply.data && Array.isArray(reply.data.messages)) {
        this.showBotMessages(reply.data.messages, bubble);
        this.focusAfterReply(byButton);
        return true;
      }
      bubble.remove();
      if (replies) this.showReplies(replies.buttons, replies.after);
      if (!byButton) this.input.value = this.input.value ? `${message} ${this.input.value}` : message;
      if (reply.status === 400 && reply.data && /session/i.test(reply.data.error || "")) {
        this.forgetSession(); // the gateway does not know this conversation: begin a new one
        this.clearLog();
        this.start();
        return false;
      }
      this.failed(reply, !byButton, false);
      return false;
    }

    /**
     * After a reply: a button press leads to the log (one Tab reaches the new buttons), typing
     * back to the box. The view stays where the new messages begin, so they are read first.
     */
    focusAfterReply(byButton) {
      if (this.panel.hidden) return;
      if (byButton && this.log.querySelector(".tsw-reply")) this.log.focus({ preventScroll: true });
      else this.input.focus({ preventScroll: true });
    }

    /** Show the "start over?" question. */
    askRestart() {
      this.confirm.hidden = false;
      this.confirmNo.focus();
    }

    /** Hide the "start over?" question and focus `next`. */
    hideConfirm(next) {
      this.confirm.hidden = true;
      if (next) next.focus();
    }

    /** Start over: the bot clears the answers; the log shows only what follows. */
    async restart() {
      this.hideConfirm(null);
      if (this.busy) return;
      if (!this.session) {
        this.clearLog();
        await this.start();
        this.input.focus();
        return;
      }
      this.say(null);
      this.setBusy(true);
      let reply;
      try {
        reply = await this.post(CONTROL.restart);
      } finally {
        this.setBusy(false);
      }
      if (reply.status === 200 && reply.data && Array.isArray(reply.data.messages)) {
        this.clearLog();
        this.showBotMessages(reply.data.messages, null);
        this.input.focus();
      } else {
        this.failed(reply, false, false);
        this.restartButton.focus();
      }
    }

    /** Show the conversation from the history; false when there is nothing to show. */
    showHistory(messages) {
      const said = messages.filter((m) => m && typeof m.text === "string");
      if (!said.length) return false;
      this.clearLog();
      let lastBot = null;
      for (const message of said) {
        const node = this.addMessage(message.from === "user" ? "patient" : "bot", message.text);
        if (message.from !== "user") lastBot = { node, message };
        else lastBot = null; // quick replies only when the bot spoke last
      }
      if (lastBot && Array.isArray(lastBot.message.buttons) && lastBot.message.buttons.length) {
        this.showReplies(lastBot.message.buttons, lastBot.node);
      }
      this.scrollToEnd();
      return true;
    }

    /** Show the bot's messages and the quick replies of the last one that has buttons. */
    showBotMessages(messages, before) {
      let first = before;
      let replies = null;
      for (const message of Array.isArray(messages) ? messages : []) {
        if (!message || typeof message !== "object") continue;
        const node = this.addMessage("bot", typeof message.text === "string" ? message.text : "");
        first = first || node;
        if (Array.isArray(message.buttons) && message.buttons.length) replies = { buttons: message.buttons, after: node };
      }
      if (replies) this.showReplies(replies.buttons, replies.after);
      if (first) this.scrollTo(first);
      return first;
    }

    /** Add one message to the log; returns its element. */
    addMessage(who, text) {
      const isBot = who === "bot";
      const node = el("div", { class: `tsw-message tsw-from-${isBot ? "bot" : "patient"}` },
        el("span", { class: "tsw-visually-hidden", text: isBot ? this.t.bot_name : this.t.patient_name }),
        text ? el("p", { class: "tsw-bubble", text }) : null);
      this.log.appendChild(node);
      return node;
    }

    /** Show quick replies after the element `after` (any earlier ones go). */
    showReplies(buttons, after) {
      this.removeReplies();
      const group = el("div", { class: "tsw-replies", role: "group", "aria-label": this.t.answer_options });
      for (const button of buttons) {
        if (!button || typeof button.payload !== "string") continue;
        const title = typeof button.title === "string" && button.title ? button.title : button.payload;
        const node = el("button", { class: "tsw-reply", type: "button", text: title });
        node.addEventListener("click", () => this.send(button.payload, title, true));
        group.appendChild(node);
      }
      if (after && after.parentNode === this.log) after.after(group);
      else this.log.appendChild(group);
      this.lastReplies = { buttons, after };
    }

    /** Remove the quick replies on show. */
    removeReplies() {
      for (const group of this.log.querySelectorAll(".tsw-replies")) group.remove();
      this.lastReplies = null;
    }

    /** Empty the log. */
    clearLog() {
      this.log.replaceChildren();
      this.lastReplies = null;
    }

    /** Waiting for the bot: the typing indicator shows, the log is marked busy, Send waits. */
    setBusy(busy) {
      this.busy = busy;
      this.typing.hidden = !busy;
      this.log.setAttribute("aria-busy", busy ? "true" : "false");
      this.sendButton.setAttribute("aria-disabled", busy ? "true" : "false");
      this.root.classList.toggle("tsw-is-busy", busy);
    }

    /** A friendly message for a failed call; `kept` says the typed text is still in the box. */
    failed(reply, kept, canRetry) {
      let text;
      const said = reply.data && Array.isArray(reply.data.messages) && reply.data.messages[0];
      if (reply.status === 429) text = this.t.rate_limited;
      else if (reply.status === 413) text = this.t.too_long;
      // A 503 with Retry-After is the gateway's own kind words: restarting, or busy (docs/gateway-api.md).
      else if (reply.status === 503 && reply.retryAfter && said && typeof said.text === "string") text = said.text;
      else text = this.t.unreachable;
      if (kept && reply.status !== 413) text = `${text} ${this.t.kept}`;
      this.say(text, canRetry);
    }

    /** Show `text` in the notice area (null clears it), with a retry button if asked. */
    say(text, canRetry = false) {
      this.noticeText.textContent = text || "";
      this.retryButton.hidden = !(text && canRetry);
      this.notice.classList.toggle("tsw-notice-shown", Boolean(text));
    }

    /** Scroll so that `node` starts at the top of the log, or to the end if all of it fits. */
    scrollTo(node) {
      if (!node) return;
      this.log.scrollTop = Math.max(0, node.offsetTop - 8); // the log is the offset parent
    }

    /** Scroll to the last message. */
    scrollToEnd() {
      this.log.scrollTop = this.log.scrollHeight;
    }
  }

  /** Load the words and the stylesheet, then show the widget. */
  async function main() {
    addStylesheet();
    const texts = await loadTexts(language);
    if (!texts) {
      console.warn("trial screening widget: the gateway did not answer; the chat is not shown");
      return;
    }
    new Chat(texts).mount();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main, { once: true });
  else main();
})();
