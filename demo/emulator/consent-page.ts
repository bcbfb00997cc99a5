import type { AccountType } from './fixtures.js';

// The emulator's stand-in for Instagram's login and consent screens: one self-contained page (inline CSS, no
// script, no external resources). Control names and ids are stable because e2e tests click them:
// input[name=account][value=<username>], button[name=decision][value=allow|deny].

/** An account offered on the consent page. */
export interface ConsentAccount {
  username: string;
  name: string;
  accountType: AccountType;
  /** Same-origin path of the avatar. */
  avatar: string;
}

export interface ConsentPage {
  appName: string;
  accounts: ConsentAccount[];
  scopes: string[];
  /** The original authorize parameters, echoed as hidden fields. */
  params: Record<string, string>;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`);
}

const ACCOUNT_TYPE_LABELS: Record<AccountType, string> = {
  BUSINESS: 'Business',
  MEDIA_CREATOR: 'Creator',
  PERSONAL: 'Personal',
};

/** Content-Security-Policy for these pages: inline styles and same-origin images only. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'";

const STYLE = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;padding:16px;
font:15px/1.4 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#262626;background:#fafafa}
main{width:100%;max-width:400px;background:#fff;border:1px solid #dbdbdb;border-radius:12px;padding:28px 20px}
.logo{font:600 28px/1 Georgia,"Times New Roman",serif;text-align:center;margin:0 0 20px;
background:linear-gradient(45deg,#f09433,#dc2743 50%,#bc1888);-webkit-background-clip:text;background-clip:text;color:transparent}
h1{font-size:17px;text-align:center;margin:0 0 8px}
p{margin:0 0 16px;color:#737373;text-align:center;font-size:13px}
fieldset{border:0;padding:0;margin:0 0 16px;min-width:0}
legend{font-weight:600;margin-bottom:8px}
label{display:flex;align-items:center;gap:12px;padding:10px 12px;border:1px solid #dbdbdb;border-radius:10px;margin-bottom:8px;cursor:pointer}
label:has(input:checked){border-color:#0095f6;background:#f0f8ff}
label img{width:44px;height:44px;border-radius:50%;flex:none}
.who{flex:1;min-width:0}.who b{display:block;overflow:hidden;text-overflow:ellipsis}.who>span{color:#737373;font-size:13px}
.type{font-weight:600;color:#262626}
ul{margin:0 0 20px;padding-left:20px;font-size:13px}
.lead{text-align:left;margin-bottom:4px}
.buttons{display:flex;gap:8px}
button{flex:1;font:inherit;font-weight:600;padding:10px;border-radius:8px;border:0;cursor:pointer}
button[value=allow]{background:#0095f6;color:#fff}button[value=deny]{background:#efefef;color:#262626}
button:focus-visible,input:focus-visible{outline:2px solid #0095f6;outline-offset:2px}
.note{margin:16px 0 0;font-size:12px}
.error{color:#ed4956;font-weight:600}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<div class="logo" aria-hidden="true">Instagram</div>
${body}
<p class="note">Offline Instagram emulator: nothing leaves this machine.</p>
</main>
</body>
</html>
`;
}

export function renderConsentPage({ appName, accounts, scopes, params }: ConsentPage): string {
  const hidden = Object.entries(params)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const choices = accounts
    .map(
      (account, index) => `<label for="account-${index}">
<input type="radio" id="account-${index}" name="account" value="${escapeHtml(account.username)}"${index === 0 ? ' checked' : ''}>
<img src="${escapeHtml(account.avatar)}" alt="">
<span class="who"><b>@${escapeHtml(account.username)}</b><span>${escapeHtml(account.name)} · <span class="type">${ACCOUNT_TYPE_LABELS[account.accountType]}</span></span></span>
</label>`,
    )
    .join('\n');
  const permissions = scopes.map(scope => `<li>${escapeHtml(scope)}</li>`).join('');
  return page(
    `Allow ${appName}?`,
    `<h1 id="consent-title">${escapeHtml(appName)} wants to access your account</h1>
<p>Choose the Instagram account to connect.</p>
<form method="post" id="consent">
${hidden}
<fieldset>
<legend>Account</legend>
${choices}
</fieldset>
<p class="lead">It will be able to:</p>
<ul id="permissions">${permissions}</ul>
<div class="buttons">
<button type="submit" id="allow" name="decision" value="allow">Allow</button>
<button type="submit" id="deny" name="decision" value="deny">Deny</button>
</div>
</form>`,
  );
}

export function renderErrorPage(message: string): string {
  return page(
    'Error',
    `<h1>Sorry, this page isn't available.</h1>
<p class="error" id="error-message" role="alert">${escapeHtml(message)}</p>`,
  );
}
