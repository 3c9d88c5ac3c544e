import { describe, expect, it } from "vitest";
import { splitStatements } from "../../../supabase/local/sql-statements.ts";

describe("splitStatements", () => {
  it.each([
    ["two plain statements", "create table a (x int);\ncreate table b (y int);", ["create table a (x int);", "create table b (y int);"]],
    ["a semicolon inside a string", "insert into t values ('a;b');", ["insert into t values ('a;b');"]],
    ["an escaped quote", "select 'it''s; fine';", ["select 'it''s; fine';"]],
    ["a quoted identifier", 'select 1 as "x;y";', ['select 1 as "x;y";']],
    ["a line comment", "-- not; a statement\nselect 1;", ["-- not; a statement\nselect 1;"]],
    ["a block comment", "/* a; b */ select 1;", ["/* a; b */ select 1;"]],
    ["a last statement without semicolon", "select 1;\nselect 2", ["select 1;", "select 2"]],
    ["comments only", "-- header\n/* nothing */\n", []],
  ])("%s", (_name, script, expected) => {
    expect(splitStatements(script)).toEqual(expected);
  });

  it("keeps dollar-quoted function bodies whole, tagged or not", () => {
    const fn = "create function f() returns int language plpgsql as $$ begin perform 1; return 2; end $$;";
    const tagged = "do $body$ begin raise notice 'x;'; end $body$;";
    expect(splitStatements(`${fn}\n${tagged}\nselect 3;`)).toEqual([fn, tagged, "select 3;"]);
  });

  it("does not mistake positional parameters for dollar quotes", () => {
    expect(splitStatements("select $1; select $2;")).toEqual(["select $1;", "select $2;"]);
  });
});
