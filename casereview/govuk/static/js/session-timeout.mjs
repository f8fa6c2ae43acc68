// Warns before an idle session ends and lets the person stay signed in (WCAG 2.2.1 Timing
// Adjustable). The server ends the session on its own; this only tells the person first.
// Activity in another tab of the service resets the timer here too.

const STORAGE_KEY = "case-review-session-renewed";

export function startSessionTimeout(dialog) {
  if (!dialog || typeof dialog.showModal !== "function") return;

  const timeoutMs = Number(dialog.dataset.timeoutSeconds) * 1000;
  const warningMs = Number(dialog.dataset.warningSeconds) * 1000;
  const countdown = dialog.querySelector(".js-session-countdown");
  const announcement = dialog.querySelector(".js-session-announcement");
  const stayButton = dialog.querySelector(".js-session-stay");
  const csrfInput = dialog.querySelector("input[name=csrfmiddlewaretoken]");
  let deadline = 0;
  let timers = [];

  const describe = (ms) => {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} minute${minutes === 1 ? "" : "s"}`;
    }
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  };

  const clear = () => {
    timers.forEach((t) => clearTimeout(t) || clearInterval(t));
    timers = [];
  };

  const expire = () => {
    clear();
    window.location.assign(dialog.dataset.timedOutUrl);
  };

  const update = () => {
    const remaining = deadline - Date.now();
    countdown.textContent = describe(remaining);
    if (remaining <= 0) expire();
  };

  const show = () => {
    update();
    announcement.textContent = `You will be signed out in ${describe(deadline - Date.now())}.`;
    if (!dialog.open) dialog.showModal();
    stayButton.focus();
    timers.push(setInterval(update, 1000));
  };

  const schedule = (from = Date.now()) => {
    clear();
    deadline = from + timeoutMs;
    timers.push(setTimeout(show, Math.max(0, deadline - warningMs - Date.now())));
    timers.push(setTimeout(expire, Math.max(0, deadline - Date.now())));
  };

  const staySignedIn = async () => {
    try {
      const response = await fetch(dialog.dataset.keepAliveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfInput.value },
      });
      if (!response.ok) return expire();
    } catch {
      return expire();
    }
    if (dialog.open) dialog.close();
    announcement.textContent = "";
    const now = Date.now();
    localStorage.setItem(STORAGE_KEY, String(now));
    schedule(now);
  };

  stayButton.addEventListener("click", staySignedIn);
  // Escape closes a modal dialog; treat it as the person being present.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    staySignedIn();
  });
  window.addEventListener("storage", (event) => {
    if (event.key !== STORAGE_KEY) return;
    if (dialog.open) dialog.close();
    schedule(Number(event.newValue));
  });

  // Work saved in the background (the report's autosave) renews the session on the server too.
  window.addEventListener("case-review:activity", () => {
    const now = Date.now();
    localStorage.setItem(STORAGE_KEY, String(now));
    schedule(now);
  });

  localStorage.setItem(STORAGE_KEY, String(Date.now()));
  schedule();
}
