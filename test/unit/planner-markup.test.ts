import { describe, expect, it } from 'vitest';
import { quotedSpans, stripMarkup } from '../../src/core/planner/markup.js';

describe('stripMarkup', () => {
  it('removes mentions and specials, keeps channel names and link labels', () => {
    const r = stripMarkup('<@U0BOT> <!here> restart <#C024BE91L|checkout> see <https://x.example/runbook|the runbook> or <https://x.example/a>');
    expect(r.text).toBe('restart #checkout see the runbook or https://x.example/a');
  });
  it('keeps a labelled user mention as @name and a user group as its handle', () => {
    expect(stripMarkup('page <@U123|dave> and <!subteam^S1|@sre>').text).toBe('page @dave and @sre');
  });
  it('drops emoji shortcodes but not clock times', () => {
    expect(stripMarkup('restart it :fire: :+1::skin-tone-2: at 10:30:45').text).toBe('restart it at 10:30:45');
  });
  it('unwraps bold and italic at word edges only', () => {
    expect(stripMarkup('restart *checkout* in _prod_ not snake_case_name or a*b').text).toBe('restart checkout in prod not snake_case_name or a*b');
  });
  it('turns inline code into quotes and separates code blocks and blockquotes', () => {
    const r = stripMarkup('toggle `new-flow` off\n> [FIRING] thing\n```\nalertname=X\n```');
    expect(r.text).toBe('toggle "new-flow" off');
    expect(r.blockquotes).toEqual(['[FIRING] thing']);
    expect(r.codeBlocks).toEqual(['alertname=X']);
  });
  it('decodes the entities Slack escapes and removes struck-through words', () => {
    const r = stripMarkup('restart ~checkout~ payments &amp; check &lt;things&gt;');
    expect(r.text).toBe('restart payments & check <things>');
    expect(r.struck).toEqual(['checkout']);
  });
  it('straightens smart quotes', () => {
    expect(stripMarkup('say \u201cchecking\u201d, it\u2019s fine').text).toBe('say "checking", it\'s fine');
  });
});

describe('quotedSpans', () => {
  it('finds double and single quoted passages but not apostrophes', () => {
    const spans = quotedSpans(`don't say "restart checkout" or 'roll back' in checkout's channel`);
    expect(spans.map((s) => s.body)).toEqual(['restart checkout', 'roll back']);
  });
});
