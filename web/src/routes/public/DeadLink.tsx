import { Icon } from '../../components/Icon';

/** Unknown, revoked, expired and used-up links look the same (the server says no more either). */
export function DeadLink() {
  return (
    <main className="auth-page">
      <div className="auth-card card stack dead-link" role="alert" aria-labelledby="dead-link-title">
        <div className="lock-badge muted-badge" aria-hidden="true">
          <Icon name="link" size={26} />
        </div>
        <h1 id="dead-link-title">This link does not work</h1>
        <p className="muted">
          It may have expired, reached its limit of uses or been turned off by the person who shared it — or
          the address is not complete. Ask them for a new link.
        </p>
      </div>
    </main>
  );
}
