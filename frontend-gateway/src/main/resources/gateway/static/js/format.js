// Formatting for people: money in the sale's currency, counts, waiting times, countdowns.

const counts = new Intl.NumberFormat(undefined);

export function money(amount, currency) {
  if (amount === null || amount === undefined || !currency) return '';
  try {
    return new Intl.NumberFormat(undefined, {style: 'currency', currency}).format(Number(amount));
  } catch {
    return Number(amount).toFixed(2) + ' ' + currency;
  }
}

export function count(value) {
  return counts.format(value ?? 0);
}

/** "about 3 minutes", "less than a minute", "about 1 hour 20 minutes". */
export function waitingTime(seconds) {
  if (seconds === null || seconds === undefined) return null;
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return 'about ' + minutes + (minutes === 1 ? ' minute' : ' minutes');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return 'about ' + hours + (hours === 1 ? ' hour' : ' hours') + (rest ? ' ' + rest + ' min' : '');
}

/** "4:05" for 245 seconds; "0:00" once over. */
export function countdown(seconds) {
  const left = Math.max(0, Math.ceil(seconds));
  const minutes = Math.floor(left / 60);
  const rest = left % 60;
  if (minutes >= 60) {
    return Math.floor(minutes / 60) + ':' + String(minutes % 60).padStart(2, '0') + ':' + String(rest).padStart(2, '0');
  }
  return minutes + ':' + String(rest).padStart(2, '0');
}

export function clock(instant) {
  if (!instant) return '';
  return new Date(instant).toLocaleTimeString(undefined, {hour: '2-digit', minute: '2-digit', second: '2-digit'});
}

export function dateTime(instant) {
  if (!instant) return '';
  return new Date(instant).toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short'});
}

/** "2 minutes" for 120 seconds (hold times). */
export function duration(seconds) {
  if (seconds < 60) return seconds + (seconds === 1 ? ' second' : ' seconds');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes + (minutes === 1 ? ' minute' : ' minutes');
  const hours = Math.round(minutes / 60);
  return hours + (hours === 1 ? ' hour' : ' hours');
}

/** "CARD_DECLINED" → "Card declined". */
export function reason(code) {
  if (!code) return '';
  const words = String(code).toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
