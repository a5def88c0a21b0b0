import { useRef } from 'react';
import { Icon } from '../Icon';
import { useUploads } from './UploadProvider';

export function UploadButton({ variant = 'primary' }: { variant?: 'primary' | 'plain' }) {
  const { addFiles } = useUploads();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className={`btn ${variant === 'primary' ? 'btn-primary' : ''}`}
        onClick={() => input.current?.click()}
      >
        <Icon name="upload" size={18} />
        <span className="upload-label">Upload</span>
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label="Choose files to upload"
        data-testid="upload-input"
        onChange={(event) => {
          addFiles(Array.from(event.target.files ?? []));
          event.target.value = '';
        }}
      />
    </>
  );
}
