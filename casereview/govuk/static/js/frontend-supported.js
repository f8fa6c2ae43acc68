// Loaded synchronously at the start of <body>: marks the page as JavaScript-capable before it
// is painted, as GOV.UK Frontend's own inline snippet does, without needing an inline script.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
