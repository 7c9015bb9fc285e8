// Package web is the back office as a web application: the consultant's
// screens (server-rendered, progressively enhanced with htmx served from
// the binary) and the HTTP JSON API under /api/v1 with its OpenAPI 3.1
// document, both on one travelkit agency. The tenant and the user always
// come from the session or the API token, never from the request.
package web
