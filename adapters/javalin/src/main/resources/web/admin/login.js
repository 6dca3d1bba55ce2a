// The sign-in page: says so when the last token was refused (/admin/login?failed=1).
(() => {
  "use strict";
  const failed = new URLSearchParams(location.search).has("failed");
  document.getElementById("login-error").hidden = !failed;
  document.getElementById("token").focus();
})();
