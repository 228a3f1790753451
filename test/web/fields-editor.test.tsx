import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Field } from "../../src/shared/schemas/fields";
import { emptyDraft, keyFromLabel, validateDrafts } from "../../web/src/features/fields/field-drafts";
import { FieldsEditor } from "../../web/src/features/fields/fields-editor";

const difficulty: Field = { key: "difficulty", label: "Difficulty", type: "enum", options: ["easy", "medium", "hard"] };

function setup(initial: Field[] = [difficulty], processedCount = 0) {
  const onSave = vi.fn(async () => {});
  render(<FieldsEditor initial={initial} processedCount={processedCount} onSave={onSave} />);
  return { onSave, save: () => fireEvent.click(screen.getByRole("button", { name: "Save fields" })) };
}

const fieldset = (n: number) => screen.getAllByRole("group")[n - 1] as HTMLElement;
const type = (el: HTMLElement, label: string, value: string) =>
  fireEvent.input(within(el).getByLabelText(label), { target: { value } });

describe("FieldsEditor", () => {
  afterEach(cleanup);

  it("rejects an enum without options, next to the options input", () => {
    const { onSave, save } = setup([]);
    fireEvent.click(screen.getByRole("button", { name: "+ Add field" }));
    const row = fieldset(1);
    type(row, "Label", "Level");
    fireEvent.change(within(row).getByLabelText("Type"), { target: { value: "enum" } });
    save();
    const options = within(row).getByLabelText(/Options/);
    expect(options.getAttribute("aria-invalid")).toBe("true");
    const error = document.getElementById(options.getAttribute("aria-describedby") ?? "");
    expect(error?.textContent).toBe("An enum needs at least one option.");
    expect(onSave).not.toHaveBeenCalled();
  });

  it("suggests an example of the chosen type in every input, not the enum's for all", () => {
    setup([]);
    fireEvent.click(screen.getByRole("button", { name: "+ Add field" }));
    const row = fieldset(1);
    const placeholders = () =>
      ["Label", "Key", "Description (tells the AI what to extract)"].map((label) =>
        within(row).getByLabelText(label).getAttribute("placeholder"),
      );
    fireEvent.change(within(row).getByLabelText("Type"), { target: { value: "tags" } });
    expect(
      within(row)
        .getByLabelText(/Options/)
        .getAttribute("placeholder"),
    ).toBe("rust, go, zig");
    expect(placeholders()).toEqual(["Languages", "languages", "Programming languages used"]);
    fireEvent.change(within(row).getByLabelText("Type"), { target: { value: "boolean" } });
    expect(within(row).queryByLabelText(/Options/)).toBeNull();
    expect(placeholders()).toEqual(["Has code", "has_code", "Whether the video shows code"]);
  });

  it("rejects a key used by another field", () => {
    const { onSave, save } = setup();
    fireEvent.click(screen.getByRole("button", { name: "+ Add field" }));
    const row = fieldset(2);
    type(row, "Label", "Difficulty again");
    type(row, "Key", "difficulty");
    save();
    expect(within(row).getByText('"difficulty" is already used by another field.')).toBeTruthy();
    expect(within(fieldset(1)).queryByText(/already used/)).toBeNull();
    expect(onSave).not.toHaveBeenCalled();
  });

  it("rejects keys that do not match the key pattern", () => {
    const { save } = setup();
    const row = fieldset(1);
    for (const bad of ["Difficulty", "1st", "has space", "a".repeat(41)]) {
      type(row, "Key", bad);
      save();
      expect(within(row).getByText(/Start with a lowercase letter/)).toBeTruthy();
    }
  });

  it("suggests a key from the label and saves valid fields in order", async () => {
    const { onSave, save } = setup();
    fireEvent.click(screen.getByRole("button", { name: "+ Add field" }));
    const row = fieldset(2);
    type(row, "Label", "Has code examples?");
    expect((within(row).getByLabelText("Key") as HTMLInputElement).value).toBe("has_code_examples");
    fireEvent.change(within(row).getByLabelText("Type"), { target: { value: "boolean" } });
    fireEvent.click(within(row).getByRole("button", { name: "Move field 2 up" }));
    save();
    await Promise.resolve();
    expect(onSave).toHaveBeenCalledWith([
      { key: "has_code_examples", label: "Has code examples?", type: "boolean" },
      difficulty,
    ]);
  });

  it("warns that changed fields make processed videos need a rerun", () => {
    setup([difficulty], 30);
    expect(screen.queryByText(/need a rerun/)).toBeNull();
    type(fieldset(1), "Label", "Skill level");
    expect(screen.getByText(/30 processed videos need a rerun/)).toBeTruthy();
  });
});

describe("validateDrafts", () => {
  it("accepts tags without options and rejects duplicate options", () => {
    const tags = { ...emptyDraft(), key: "topics", label: "Topics", type: "tags" as const };
    expect(validateDrafts([tags]).fields).toEqual([{ key: "topics", label: "Topics", type: "tags" }]);
    const dup = { ...tags, optionsText: "a, b, a" };
    expect(validateDrafts([dup]).errors[dup.uid]?.options).toBe("Options must be unique.");
  });

  it("limits a list to 20 fields", () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ ...emptyDraft(), key: `f${i}`, label: `F${i}` }));
    expect(validateDrafts(many).listError).toBe("A list has at most 20 fields.");
  });

  it("turns labels into valid keys", () => {
    expect(keyFromLabel("Skill level!")).toBe("skill_level");
    expect(keyFromLabel("2nd opinion")).toBe("nd_opinion");
  });
});
