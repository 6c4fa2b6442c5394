// A portal page as a province would write it: ListOrganizations over gRPC-Web from the browser,
// rendered as a table. The gateway's address, the bearer token and the search come from
// window.THIDUA, which the test sets before the page loads.
import { createPromiseClient, ConnectError } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { Registry } from "/gen/thidua/registry/v1/registry_connect.js";

const { gateway, token, query } = window.THIDUA;
const registry = createPromiseClient(
  Registry, createGrpcWebTransport({ baseUrl: gateway, useBinaryFormat: true }));
const status = document.getElementById("status");

try {
  const answer = await registry.listOrganizations(
    { query, pageSize: 20 }, { headers: { Authorization: `Bearer ${token}` } });
  const body = document.querySelector("#organizations tbody");
  for (const organization of answer.organizations) {
    const row = body.insertRow();
    row.insertCell().textContent = organization.id.toString();
    row.insertCell().textContent = organization.displayName;
    row.insertCell().textContent = organization.shortName;
  }
  document.getElementById("organizations").hidden = false;
  status.textContent = `${answer.organizations.length} tổ chức`;
  status.dataset.state = "done";
} catch (e) {
  const error = ConnectError.from(e);
  status.textContent = `Lỗi ${error.code}: ${error.rawMessage}`;
  status.dataset.state = "failed";
}
