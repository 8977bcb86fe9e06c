// Starts GraphiQL on /graphiql. A separate same-origin file because the page's CSP allows no
// inline script. Plain browser JS: React, ReactDOM and GraphiQL are the UMD globals loaded before it.
(function () {
  'use strict';

  var body = document.body;
  var production = body.getAttribute('data-production') === 'true';
  var endpoint = body.getAttribute('data-endpoint') || '/graphql';
  var container = document.getElementById('graphiql');

  if (!window.React || !window.ReactDOM || !window.GraphiQL) {
    container.textContent = 'GraphiQL failed to load (React, ReactDOM or GraphiQL is missing).';
    return;
  }

  // Set from script rather than a style sheet of our own: one file less, and CSSOM writes are not
  // inline styles. No overflow:hidden on <body>: GraphiQL's dialogs (react-remove-scroll) warn about it.
  body.style.margin = '0';
  container.style.height = '100vh';

  // Comment lines stay under ~60 characters so they fit the editor pane without scrolling.
  var signIn = [
    '# Sign in as the demo person (seeded in development).',
    '#',
    '# The session cookie this sets already works for the',
    '# other tabs in this browser. Any other client sends the',
    '# token: paste it into Headers (below) as',
    '#   {"Authorization": "Bearer <token>"}',
    '# An Authorization header wins over the cookie.',
    'mutation SignIn {',
    '  signIn(',
    '    phone: "13800138000"',
    '    password: "Shebao-demo-2026"',
    '  ) {',
    '    token',
    '    expiresAt',
    '  }',
    '}',
    '',
  ].join('\n');

  var dashboard = [
    '# What the PWA\'s dashboard shows. Needs a signed-in',
    '# person: the session cookie, or in Headers',
    '#   {"Authorization": "Bearer <token>"}',
    '# Each field needs consent for its data category (Docs:',
    '# Person.balances, ...); extensions.dataCategories in the',
    '# response lists the categories the answer contains.',
    'query Dashboard {',
    '  me {',
    '    profile { displayName }',
    '    identity { realName }',
    '    insurance {',
    '      city',
    '      employer',
    '      contributionYears',
    '      participations { insuranceType status }',
    '    }',
    '    contributions(last: 12) {',
    '      month',
    '      insuranceType',
    '      employerPart',
    '      personalPart',
    '    }',
    '    balances { accountType amount }',
    '    medicalRecords(first: 5) {',
    '      totalCount',
    '      nodes { __typename date institution totalCost }',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');

  var partnerTokenDev = [
    '# A partner\'s view of the same person.',
    '#',
    '# 1. Signed in as the demo person (tab SignIn), run',
    '#    PartnerToken: a token for the demo insurer as if the',
    '#    person had authorized it. Development only; it needs',
    '#    the same consent grant a real partner token needs.',
    'mutation PartnerToken {',
    '  developmentPartnerToken(',
    '    partnerClientId: "demo-insurer"',
    '    scopes: [',
    '      "identity.basic"',
    '      "insurance.status"',
    '      "insurance.contributions"',
    '    ]',
    '  ) {',
    '    token',
    '    expiresAt',
    '    scopes',
    '  }',
    '}',
    '',
  ].join('\n');

  var asPartner = [
    '# 2. Put the partner token in Headers:',
    '#      {"Authorization": "Bearer <partner token>"}',
    '#    and run AsPartner. insurance.balance is outside the',
    '#    token (the insurer is not even registered for it), so',
    '#    `balances` is null with a FORBIDDEN error whose',
    '#    extensions.category and extensions.reason say what',
    '#    was denied and why. realName is in scope and granted.',
    'query AsPartner {',
    '  me {',
    '    identity { realName }',
    '    balances { amount }',
    '  }',
    '}',
    '',
  ].join('\n');

  var notice = [
    '# The current privacy notice: public, no sign-in needed.',
    '# Consents refer to its version and hash; sensitive',
    '# categories need a separate consent.',
    'query Notice {',
    '  privacyNotice(locale: EN) {',
    '    version',
    '    hash',
    '    purposes {',
    '      purpose',
    '      name',
    '      categories { id sensitive }',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');

  // In production the demo account and developmentPartnerToken do not exist: keep only what works
  // with a real token (pasted into Headers).
  var tabs = production
    ? [{ query: dashboard }, { query: asPartner.replace('# 2. Put the partner token', '# Put a partner token') }, { query: notice }]
    : [{ query: signIn }, { query: dashboard }, { query: partnerTokenDev + '\n' + asPartner }, { query: notice }];

  var fetcher = window.GraphiQL.createFetcher({
    url: endpoint,
    // Plain JSON POSTs (Content-Type: application/json satisfies Apollo's CSRF prevention); nothing here is incremental.
    enableIncrementalDelivery: false,
    // The session cookie rides along; nothing goes cross-origin (connect-src 'self').
    fetch: function (input, init) {
      return window.fetch(input, Object.assign({}, init, { credentials: 'same-origin' }));
    },
  });

  window.ReactDOM.createRoot(container).render(
    window.React.createElement(window.GraphiQL, {
      fetcher: fetcher,
      defaultTabs: tabs,
      defaultEditorToolsVisibility: 'headers',
      // Headers hold bearer tokens: keep them out of localStorage.
      shouldPersistHeaders: false,
    }),
  );
})();
