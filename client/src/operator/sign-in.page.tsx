import { useState } from 'preact/hooks';
import { run } from './api';
import { ErrorMessage } from './error-message';
import { OperatorSignInDocument, type OperatorMeQuery } from './gql/graphql';
import { useWords } from './i18n';
import { useAction } from './use-action';

export function SignInPage(props: { onSignedIn(operator: OperatorMeQuery['operatorMe']): void }) {
  const { t } = useWords();
  const [loginName, setLoginName] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const { busy, error, act } = useAction();

  async function submit(event: Event) {
    event.preventDefault();
    const result = await act(() => run(OperatorSignInDocument, { loginName, password, code }));
    setCode('');
    if (result) props.onSignedIn(result.operatorSignIn.operator);
  }

  return (
    <main id="main" class="op-signin">
      <h1>{t.signIn.heading}</h1>
      <p>{t.signIn.intro}</p>
      <form onSubmit={submit} class="op-form">
        <label>
          {t.signIn.login}
          <input name="loginName" autocomplete="username" required value={loginName} onInput={(e) => setLoginName(e.currentTarget.value)} />
        </label>
        <label>
          {t.signIn.password}
          <input name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        <label>
          {t.signIn.code}
          <input
            name="code"
            inputMode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
        </label>
        <ErrorMessage error={error} />
        <button type="submit" class="op-primary" disabled={busy}>
          {busy ? t.signIn.busy : t.signIn.submit}
        </button>
      </form>
    </main>
  );
}
