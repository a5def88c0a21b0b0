import { useId } from 'react';
import { PASSWORD_MIN, type NewPasswordProblems } from '../../lib/account-rules';

interface PasswordFieldsProps {
  label?: string;
  password: string;
  repeat: string;
  onPasswordChange: (value: string) => void;
  onRepeatChange: (value: string) => void;
  problems: NewPasswordProblems;
}

/** A new password typed twice, with the rule as a hint and mistakes next to their field. */
export function PasswordFields({
  label = 'Password',
  password,
  repeat,
  onPasswordChange,
  onRepeatChange,
  problems,
}: PasswordFieldsProps) {
  const id = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-password`}>{label}</label>
        <input
          id={`${id}-password`}
          className="input"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(event) => onPasswordChange(event.target.value)}
          aria-invalid={problems.password ? true : undefined}
          aria-describedby={`${id}-password-hint`}
        />
        <p id={`${id}-password-hint`} className={problems.password ? 'field-error' : 'field-hint'}>
          {problems.password ?? `At least ${PASSWORD_MIN} characters.`}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-repeat`}>Repeat the password</label>
        <input
          id={`${id}-repeat`}
          className="input"
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={(event) => onRepeatChange(event.target.value)}
          aria-invalid={problems.repeat ? true : undefined}
          aria-describedby={problems.repeat ? `${id}-repeat-error` : undefined}
        />
        {problems.repeat ? (
          <p id={`${id}-repeat-error`} className="field-error">
            {problems.repeat}
          </p>
        ) : null}
      </div>
    </>
  );
}
