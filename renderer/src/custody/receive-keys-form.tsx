import { useState, type FormEvent } from 'react';
import { stockCalls } from '../../../shared/contract/stock-calls';
import { KEYS_RECEIVED_MAX, NOTE_MAX } from '../../../shared/domain/limits';
import type { StockList } from '../../../shared/domain/stock';
import { checkInput } from '../app/contract-input';
import { ErrorNotice } from '../app/error-notice';
import { SelectField } from '../app/select-field';
import { TextField } from '../app/text-field';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';

/** Every model a delivery can be of: the key table's names, and the lines in stock (an unnamed AAGUID's too). */
function modelOptions(list: StockList): string[] {
  return [...new Set([...list.lines.map((line) => line.model), ...list.models])];
}

/** IT records a delivery: the model, how many, and a note; checked with the call's own schema before it is sent. */
export function ReceiveKeysForm({ list, onDone }: { list: StockList; onDone(said: string): void }) {
  const { t, tn } = useI18n();
  const receive = useAction('stock.receive');
  const [model, setModel] = useState('');
  const [count, setCount] = useState('');
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<{ model?: string; count?: string }>({});

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkInput(stockCalls['stock.receive'].input, { model: model || undefined, count: count.trim() === '' ? Number.NaN : Number(count), note: note.trim() || undefined });
    const modelMissing = model === '';
    setProblems({
      model: modelMissing ? t('stock.receive.modelMissing') : undefined,
      count: !checked.ok && checked.fields['count'] ? t('stock.receive.countProblem', { max: KEYS_RECEIVED_MAX }) : undefined,
    });
    if (!checked.ok || modelMissing) return;
    const done = await receive.run(checked.input);
    if (!done) return;
    setCount('');
    setNote('');
    onDone(tn('stock.receive.done', checked.input.count, { model: done.line.model, left: done.line.left }));
  }

  return (
    <form className="form stock__form" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="stock-receive-title">
      <h3 id="stock-receive-title" className="status-section__subtitle">
        {t('stock.receive.title')}
      </h3>
      <div className="stock__form-row">
        <div>
          <SelectField
            label={t('stock.receive.model')}
            options={[{ value: '', label: t('stock.receive.choose') }, ...modelOptions(list).map((name) => ({ value: name, label: name }))]}
            value={model}
            aria-invalid={problems.model ? true : undefined}
            onChange={(event) => setModel(event.target.value)}
          />
          {problems.model ? <p className="field__problem">{problems.model}</p> : null}
        </div>
        <TextField label={t('stock.receive.count')} problem={problems.count} value={count} inputMode="numeric" autoComplete="off" required onChange={(event) => setCount(event.target.value)} />
        <TextField label={t('stock.receive.note')} value={note} maxLength={NOTE_MAX} autoComplete="off" onChange={(event) => setNote(event.target.value)} />
        <button type="submit" className="button button--primary" disabled={receive.pending}>
          {receive.pending ? t('common.working') : t('stock.receive.submit')}
        </button>
      </div>
      <ErrorNotice error={receive.error} />
    </form>
  );
}
