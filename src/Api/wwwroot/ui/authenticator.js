// NOX Authenticator: counts down to the session's expiry and completes the session with the chosen
// brand, or, for a brand that connects through its manufacturer's consent page (data-consent), goes to
// /ui/connect, which sends the user there. Everything it needs (the complete URL, the texts in the page's language) comes from data
// attributes on the form, so the page carries no inline script and a strict CSP holds.
(() => {
  "use strict";

  const form = document.getElementById("connect-form");
  if (!form) {
    return;
  }

  const text = form.dataset;
  const button = document.getElementById("connect-button");
  const message = document.getElementById("form-message");
  const countdown = document.getElementById("countdown");
  const clock = document.getElementById("countdown-time");
  const announcer = document.getElementById("countdown-announcer");
  const buttonLabel = button.textContent;
  const radios = Array.from(form.querySelectorAll('input[name="brand"]'));

  // Count down from what the server says is left, measured on a monotonic clock, so a wrong clock
  // on this device does not matter.
  const deadline = performance.now() + Number(text.secondsLeft) * 1000;
  let finished = false;
  let lastAnnounced = null;
  let timer = null;

  function secondsLeft() {
    return Math.max(0, Math.ceil((deadline - performance.now()) / 1000));
  }

  function format(seconds) {
    const minutes = Math.floor(seconds / 60);
    const rest = String(seconds % 60).padStart(2, "0");
    return `${minutes}:${rest}`;
  }

  function announcement(seconds) {
    if (seconds <= 0) {
      return text.textExpired;
    }
    const minutes = Math.ceil(seconds / 60);
    if (seconds < 60) {
      return text.textUnderAMinuteLeft;
    }
    return minutes === 1 ? text.textOneMinuteLeft : text.textMinutesLeft.replace("{0}", String(minutes));
  }

  function tick() {
    const seconds = secondsLeft();
    clock.textContent = format(seconds);
    countdown.classList.toggle("is-urgent", seconds > 0 && seconds <= 60);
    // Screen readers hear the time at the last few minutes, not every second.
    const spoken = seconds <= 0 || seconds <= 300 ? announcement(seconds) : null;
    if (spoken && spoken !== lastAnnounced) {
      lastAnnounced = spoken;
      announcer.textContent = spoken;
    }
    if (seconds <= 0) {
      clearInterval(timer);
      end(text.textExpired);
      countdown.classList.add("is-over");
    }
  }

  function show(content) {
    // Shown before it is filled, so screen readers announce the alert.
    message.hidden = false;
    message.textContent = content;
  }

  function end(content) {
    finished = true;
    show(content);
    button.disabled = true;
    button.removeAttribute("aria-busy");
    button.textContent = buttonLabel;
    for (const radio of radios) {
      radio.disabled = true;
    }
  }

  async function connect(brand) {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    button.textContent = text.textConnecting;
    message.hidden = true;
    try {
      const response = await fetch(text.completeUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify({ brand }),
        credentials: "omit",
        cache: "no-store",
        referrerPolicy: "no-referrer",
      });
      if (response.ok) {
        const body = await response.json();
        if (typeof body.redirect_to === "string") {
          finished = true;
          clearInterval(timer);
          window.location.assign(body.redirect_to);
          return;
        }
      } else if (response.status === 410) {
        clearInterval(timer);
        countdown.classList.add("is-over");
        end(text.textExpired);
        return;
      } else if (response.status === 409) {
        clearInterval(timer);
        end(text.textCompleted);
        return;
      } else if (response.status === 404) {
        clearInterval(timer);
        end(text.textNotFound);
        return;
      }
      retry(text.textError);
    } catch {
      retry(text.textError);
    }
  }

  function retry(content) {
    show(content);
    button.disabled = false;
    button.removeAttribute("aria-busy");
    button.textContent = buttonLabel;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (finished || button.disabled) {
      return;
    }
    const chosen = radios.find((radio) => radio.checked);
    if (!chosen) {
      show(text.textChooseBrand);
      radios[0].focus();
      return;
    }
    if (chosen.dataset.consent === "true") {
      // A navigation, not a form post: the consent page is another origin, which form-action 'self' forbids.
      finished = true;
      clearInterval(timer);
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      button.textContent = text.textConnecting;
      window.location.assign(`${text.connectUrl}&brand=${encodeURIComponent(chosen.value)}`);
      return;
    }
    connect(chosen.value);
  });

  form.addEventListener("change", () => {
    if (!finished) {
      message.hidden = true;
    }
  });

  tick();
  // A page that came back from a consent page opens with its notice shown; the first change hides it.
  if (!finished) {
    button.disabled = false;
    timer = setInterval(tick, 1000);
  }
})();
