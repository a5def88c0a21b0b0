import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { updateUser } from '../../api/admin';
import type { UserDetail } from '../../api/types';
import { newPasswordProblems, type NewPasswordProblems } from '../../lib/account-rules';
import { toast } from '../../lib/toast-store';
import { Dialog } from '../Dialog';
import { InlineError } from '../Feedback';
import { PasswordFields } from './PasswordFields';

/** An administrator sets a new password for someone; every session of theirs ends. */
export function ResetPasswordDialog({ user, onClose }: { user: UserDetail | null; onClose: () => void }) {
  const formId = useId();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<NewPasswordProblems>({});
  const reset = useMutation({
    mutationFn: (target: UserDetail) => updateUser(target.id, { password }),
    meta: { silent: true },
    onSuccess: (updated) => {
      toast.success(`New password set for ${updated.username}; they were signed out everywhere.`);
      onClose();
    },
  });

  const { reset: forgetError } = reset;
  useEffect(() => {
    setPassword('');
    setRepeat('');
    setProblems({});
    forgetError();
  }, [user, forgetError]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = newPasswordProblems(password, repeat);
    setProblems(next);
    if (user && !next.password && !next.repeat) reset.mutate(user);
  };

  return (
    <Dialog
      open={user !== null}
      title={`Reset the password of ${user?.username ?? ''}`}
      description="They are signed out everywhere and sign in again with the new password."
      onClose={onClose}
      size="sm"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={reset.isPending}>
            {reset.isPending ? 'Saving…' : 'Set password'}
          </button>
        </>
      }
    >
      <form id={formId} className="stack" onSubmit={submit} noValidate>
        <PasswordFields
          label="New password"
          password={password}
          repeat={repeat}
          onPasswordChange={setPassword}
          onRepeatChange={setRepeat}
          problems={problems}
        />
        <InlineError error={reset.error} />
      </form>
    </Dialog>
  );
}
