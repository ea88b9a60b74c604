import { notifications } from '@mantine/notifications';
import { ApiError } from '@shared/api/envelope';

/** API errors become notifications that name the offending fields, never a blank page. */
export function notifyError(error: unknown, title = 'Something went wrong'): void {
  const message = error instanceof Error ? error.message : String(error);
  const fields =
    error instanceof ApiError ? error.issues.map((i) => `${i.field}: ${i.message}`) : [];
  notifications.show({
    color: 'red',
    title,
    message: fields.length ? `${message}\n${fields.join('\n')}` : message,
    autoClose: 8000,
  });
}

export function notifySuccess(message: string, title = 'Done'): void {
  notifications.show({ color: 'teal', title, message, autoClose: 4000 });
}
