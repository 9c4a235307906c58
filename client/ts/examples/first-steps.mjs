// A first read and a first transaction from JavaScript, against a development chain
// (docs/dapp-guide.md, "Your first ten minutes"):
//
//   cd client/ts && npm ci                      # once: installs, generates the chain's types offline
//   node examples/first-steps.mjs               # or: node examples/first-steps.mjs ws://host:9944
//
// Node 20 needs `--experimental-websocket`; Node 22 and later have WebSocket built in. In an app
// of your own, import from "@caduceus/client" instead of "../src/index.js".

import { checkAccess, connect, consentTerms, fromSuri, grant, organisation, text } from "../src/index.js";

const DAY_MS = 86_400_000n;

const chain = await connect(process.argv[2] ?? "ws://127.0.0.1:9944");
try {
  // A read, no transaction: organisation 0 (a view function of the identity pallet).
  const hospital = await organisation(chain, 0);
  console.log(`organisation 0: ${text(hospital.name)}, ${hospital.kind.type}, ${hospital.status.type}`);

  // A transaction: patient 1 (the demo wallet //Charlie//stash) grants St. Luke's read access to
  // lab results for treatment, for 30 days. The category reaches the chain as a slot under the
  // patient's category key (0xc5… is the demo patient's, published; a real wallet draws its own).
  const categoryKey = `0x${"c5".repeat(32)}`;
  const terms = consentTerms({
    grantee: { organisation: 0 },
    categories: ["LabResults"],
    categoryKey,
    purposes: ["Treatment"],
    actions: ["Read"],
    validUntil: (await chain.now()) + 30n * DAY_MS,
  });
  const granted = await grant(chain, fromSuri("//Charlie//stash"), 1, terms);
  console.log(`granted: consent ${granted.consent} of patient 1, in block #${granted.block.number}`);

  // A runtime API: may St. Luke's physician Charlie read patient 1's lab results for treatment?
  const answer = await checkAccess(chain, {
    patient: 1,
    accessor: fromSuri("//Charlie").address,
    category: "LabResults",
    categoryKey,
    purpose: "Treatment",
    action: "Read",
  });
  const shown = answer.success ? `allowed by consent ${answer.value.value}` : `refused: ${answer.value.type}`;
  console.log(`ConsentApi.check_access: ${shown}`);
} finally {
  chain.destroy();
}
