// GOV.UK timeout warning pattern: warn 2 minutes before the idle session ends; "Stay signed in" renews it.
const body = document.body;
const idleSeconds = Number(body.dataset.sessionIdleSeconds || 0);
const dialog = document.getElementById("timeout-warning");
if (idleSeconds > 0 && dialog && typeof dialog.showModal === "function") {
  const warnAfter = Math.max(idleSeconds - 120, 10) * 1000;
  let warnTimer;
  let logoutTimer;
  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(logoutTimer);
    warnTimer = setTimeout(() => dialog.showModal(), warnAfter);
    // Signing out changes state, so it is the warning's POST form, submitted when the time is up.
    logoutTimer = setTimeout(() => { document.getElementById("timeout-sign-out").submit(); }, idleSeconds * 1000);
  };
  dialog.querySelector("[data-timeout-stay]").addEventListener("click", async () => {
    await fetch(body.dataset.keepaliveUrl, { credentials: "same-origin" });
    dialog.close();
    schedule();
  });
  schedule();
}
