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

  var asPartner = [
    '# A partner\'s view of the same person.',
    '#',
    '# Development: press "As partner" (top right). It runs',
    '# the real OAuth flow as GraphiQL\'s own public client',
    '# (PAR, PKCE): the consent page asks the demo person to',
    '# sign in and choose categories, then you come back here',
    '# with the partner token in Headers. Elsewhere, paste a',
    '# partner\'s token:  {"Authorization": "Bearer <token>"}',
    '#',
    '# Grant identity.basic but not insurance.balance: then',
    '# `balances` is null with a FORBIDDEN error whose',
    '# extensions.category and extensions.reason say what',
    '# was denied and why.',
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

  // In production the demo account and GraphiQL's OAuth client do not exist: keep only what works
  // with a real token (pasted into Headers).
  var tabs = production ? [{ query: dashboard }, { query: asPartner }, { query: notice }] : [{ query: signIn }, { query: dashboard }, { query: asPartner }, { query: notice }];

  // "As partner" (development only): GraphiQL's public client runs the flow a partner runs, with
  // PAR and PKCE (S256). The verifier waits in sessionStorage for the way back to this page.
  var CLIENT_ID = 'shebao-graphiql';
  var SCOPE = 'identity.basic insurance.status insurance.contributions insurance.balance medical.records';
  var PENDING = 'shebao-graphiql-oauth';
  var redirectUri = window.location.origin + '/graphiql';

  function base64url(bytes) {
    var text = '';
    for (var i = 0; i < bytes.length; i += 1) text += String.fromCharCode(bytes[i]);
    return window.btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function randomValue() {
    return base64url(window.crypto.getRandomValues(new Uint8Array(32)));
  }
  function postForm(url, fields) {
    return window
      .fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() })
      .then(function (response) {
        return response.json().then(function (json) {
          if (!response.ok) throw new Error(json.error || 'request failed');
          return json;
        });
      });
  }

  function startPartnerFlow() {
    var verifier = randomValue();
    var state = randomValue();
    return window.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)).then(function (digest) {
      window.sessionStorage.setItem(PENDING, JSON.stringify({ verifier: verifier, state: state }));
      return postForm('/oauth/request', {
        client_id: CLIENT_ID,
        response_type: 'code',
        redirect_uri: redirectUri,
        scope: SCOPE,
        state: state,
        code_challenge: base64url(new Uint8Array(digest)),
        code_challenge_method: 'S256',
      }).then(function (par) {
        window.location.assign('/oauth/auth?' + new URLSearchParams({ client_id: CLIENT_ID, request_uri: par.request_uri }).toString());
      });
    });
  }

  /** Back from the consent page with ?code=…&state=…: the token, or null when this is no such return. */
  function finishPartnerFlow() {
    var params = new URLSearchParams(window.location.search);
    var pending = JSON.parse(window.sessionStorage.getItem(PENDING) || 'null');
    if (!pending || !(params.has('code') || params.has('error'))) return Promise.resolve(null);
    window.sessionStorage.removeItem(PENDING);
    window.history.replaceState(null, '', '/graphiql');
    if (params.get('state') !== pending.state || !params.get('code')) return Promise.reject(new Error(params.get('error') || 'state mismatch'));
    return postForm('/oauth/token', {
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      code: params.get('code'),
      redirect_uri: redirectUri,
      code_verifier: pending.verifier,
    }).then(function (tokens) {
      return tokens.access_token;
    });
  }

  var fetcher = window.GraphiQL.createFetcher({
    url: endpoint,
    // Plain JSON POSTs (Content-Type: application/json satisfies Apollo's CSRF prevention); nothing here is incremental.
    enableIncrementalDelivery: false,
    // The session cookie rides along; nothing goes cross-origin (connect-src 'self').
    fetch: function (input, init) {
      return window.fetch(input, Object.assign({}, init, { credentials: 'same-origin' }));
    },
  });

  function render(partnerToken, problem) {
    var graphiql = window.React.createElement(window.GraphiQL, {
      fetcher: fetcher,
      defaultTabs: tabs,
      defaultEditorToolsVisibility: 'headers',
      // A partner token from "As partner" goes to Headers, for this page's life only.
      defaultHeaders: partnerToken ? JSON.stringify({ Authorization: 'Bearer ' + partnerToken }, null, 2) : undefined,
      // Headers hold bearer tokens: keep them out of localStorage.
      shouldPersistHeaders: false,
    });
    if (production) return root.render(graphiql);
    var button = window.React.createElement(
      'button',
      {
        type: 'button',
        title: 'OAuth: PAR + PKCE as GraphiQL\'s public client (development only)',
        style: { font: 'inherit', padding: '2px 10px', border: '1px solid currentColor', borderRadius: '6px', background: 'transparent', cursor: 'pointer' },
        onClick: startPartnerFlow,
      },
      'As partner',
    );
    var status = problem ? 'As partner failed: ' + problem : partnerToken ? 'A partner token is in Headers (AsPartner tab).' : null;
    var bar = window.React.createElement(
      'div',
      { style: { padding: '6px 12px', display: 'flex', gap: '12px', alignItems: 'center', justifyContent: 'flex-end', fontSize: '14px', fontFamily: 'system-ui, sans-serif' } },
      status,
      button,
    );
    root.render(window.React.createElement('div', { style: { display: 'flex', flexDirection: 'column', height: '100vh' } }, bar, window.React.createElement('div', { style: { flex: '1', minHeight: '0' } }, graphiql)));
  }

  var root = window.ReactDOM.createRoot(container);
  if (production) {
    render(null, null);
  } else {
    finishPartnerFlow().then(
      function (token) {
        render(token, null);
      },
      function (error) {
        render(null, error.message);
      },
    );
  }
})();
