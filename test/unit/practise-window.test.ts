import { describe, expect, it } from 'vitest';
import { isPractisePage } from '../../electron/main/security/practise-window';

describe('the only window a kiosk page may open', () => {
  it('is the training practice page on localhost, in training mode', () => {
    expect(isPractisePage('http://localhost:41237/enroll/AbC_def-123456789012', 'training')).toBe(true);
  });

  it('is refused in production, on other hosts, paths, schemes, or with extras', () => {
    for (const url of [
      'https://evil.example/enroll/AbC_def-123456789012',
      'http://127.0.0.1:41237/enroll/AbC_def-123456789012',
      'http://localhost:41237/',
      'http://localhost:41237/enroll/abc/../../admin',
      'http://localhost:41237/enroll/AbC_def-123456789012?next=https://evil.example',
      'file:///etc/passwd',
      'javascript:alert(1)',
    ]) {
      expect(isPractisePage(url, 'training'), url).toBe(false);
    }
    expect(isPractisePage('http://localhost:41237/enroll/AbC_def-123456789012', 'production')).toBe(false);
  });
});
