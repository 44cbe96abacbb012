// Swagger UI for /api/v1/openapi.json; a static file, so the page needs no inline script.
(function () {
  "use strict";
  var main = document.getElementById("main");
  var csrf = main.getAttribute("data-csrf-token");
  var safe = { GET: true, HEAD: true, OPTIONS: true, TRACE: true };
  window.ui = window.SwaggerUIBundle({
    url: main.getAttribute("data-schema-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    // No call to the public validator: the page talks to this server only.
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    requestInterceptor: function (request) {
      // A person's session writes as a form on the pages does: with the CSRF token.
      if (!safe[(request.method || "GET").toUpperCase()] && csrf) {
        request.headers["X-CSRFToken"] = csrf;
      }
      return request;
    },
  });
})();
