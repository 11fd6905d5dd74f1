// Keyboard and screen-reader help the components do not give by themselves (README, Accessibility).
(() => {
  // The skip link moves focus to the content itself (the router would only change the URL).
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a.skip-link");
    const main = document.getElementById("main");
    if (!link || !main) return;
    event.preventDefault();
    event.stopPropagation();
    main.focus();
    main.scrollIntoView();
  }, true);

  // WCAG 3.3.1 / 2.4.3: after a submit that the server refuses, focus goes to the first field in
  // error (the error itself is announced by its role="alert"). A submit is the form's submit
  // event or a click (Enter, Space) on a button of the form that sends it by script.
  const watch = (form) => {
    const until = Date.now() + 15000;
    const observer = new MutationObserver(() => {
      const invalid = form.querySelector('[aria-invalid="true"]');
      if (invalid) {
        observer.disconnect();
        invalid.focus();
      } else if (Date.now() > until) observer.disconnect();
    });
    observer.observe(form, {subtree: true, childList: true, attributes: true, attributeFilter: ["aria-invalid"]});
  };
  document.addEventListener("submit", (event) => {
    if (event.target instanceof HTMLFormElement) watch(event.target);
  }, true);
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest('button[type="button"]');
    if (button && button.form) watch(button.form);
  }, true);

  // A dialog opened by the app's state (not by a Radix trigger) gives focus back, when it closes,
  // to what had it before it opened.
  let before = null;
  const dialogOpen = () => document.querySelector('[role="dialog"], [role="alertdialog"]');
  let open = false;
  document.addEventListener("focusin", (event) => {
    if (!event.target.closest || !event.target.closest('[role="dialog"], [role="alertdialog"]')) before = event.target;
  });
  new MutationObserver(() => {
    const now = !!dialogOpen();
    if (open && !now) {
      const back = before;
      setTimeout(() => {
        if (back && back.isConnected && (document.activeElement === document.body || !document.activeElement))
          back.focus();
      }, 0);
    }
    open = now;
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
